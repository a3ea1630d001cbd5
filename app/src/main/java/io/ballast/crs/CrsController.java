package io.ballast.crs;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Cluster resource scheduling settings (datacenter.cfg crs + ha), Proxmox hyphenated names. */
@RestController
@RequestMapping("/api/v1/crs")
class CrsController {

    private final CrsService crs;

    CrsController(CrsService crs) {
        this.crs = crs;
    }

    @GetMapping
    Map<String, Object> get() {
        return crs.get();
    }

    @PutMapping
    Map<String, Object> put(@RequestBody Map<String, Object> body) {
        return crs.put(body);
    }
}
