package io.ballast.rules.engine;

import java.util.List;
import java.util.stream.Collectors;

/** A DRL rule base did not compile; {@link #errors()} says where and why. */
public class RuleCompilationException extends RuntimeException {

    /** One compiler message: file name (no folders), 1-based line (-1 if unknown), column, text. */
    public record CompilationError(String file, int line, int column, String message) {
        @Override
        public String toString() {
            return file + ":" + line + ":" + column + ": " + message;
        }
    }

    private final List<CompilationError> errors;

    public RuleCompilationException(List<CompilationError> errors) {
        super("DRL compilation failed:\n" + errors.stream().map(CompilationError::toString)
                .collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<CompilationError> errors() {
        return errors;
    }
}
