package io.ballast.web;

/** One rejected input field and why. */
public record FieldError(String field, String reason) {
}
