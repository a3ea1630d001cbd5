package io.ballast.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page (errors that never reached a controller: a filter's or Tomcat's
 * sendError, a path Spring refuses): problem+json for every status, with the reason phrase only.
 */
@RestController
@io.swagger.v3.oas.annotations.Hidden   // the servlet error page, not part of the API
class ProblemErrorController implements ErrorController {

    @RequestMapping(value = "/error", produces = {})
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i && i >= 400 && i <= 599 ? i : 500;
        HttpStatus known = HttpStatus.resolve(status);
        ProblemDetail body = ProblemDetail.forStatus(status);
        body.setType(URI.create(ProblemWriter.typeOf(status)));
        body.setTitle(ProblemWriter.title(status));
        body.setDetail(known == null ? "HTTP " + status : known.getReasonPhrase());
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }
}
