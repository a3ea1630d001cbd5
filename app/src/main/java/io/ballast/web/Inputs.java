package io.ballast.web;

import java.util.List;

/** Parsing helpers shared by the resource and rule inputs (Proxmox accepts 0/1 booleans and comma lists). */
public final class Inputs {

    private Inputs() {
    }

    /** A boolean, or Proxmox's 0/1; otherwise records an error and keeps {@code current}. */
    public static boolean flag(List<FieldError> errors, String field, Object v, boolean current) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Integer i && (i == 0 || i == 1)) {
            return i == 1;
        }
        errors.add(new FieldError(field, "must be a boolean, got " + shown(v)));
        return current;
    }

    /** A JSON list or a comma separated string; null for anything else. */
    public static List<?> list(Object v) {
        if (v instanceof List<?> l) {
            return l;
        }
        if (v instanceof String s) {
            return s.isBlank() ? List.of() : List.of(s.split(","));
        }
        return null;
    }

    /** An optional string of at most 4096 characters; otherwise records an error and keeps {@code current}. */
    public static String comment(List<FieldError> errors, Object v, String current) {
        if (v != null && !(v instanceof String)) {
            errors.add(new FieldError("comment", "must be a string"));
            return current;
        }
        if (v != null && ((String) v).length() > 4096) {
            errors.add(new FieldError("comment", "longer than 4096 characters"));
            return current;
        }
        if (v != null && hasControl((String) v, false)) {
            errors.add(new FieldError("comment", "must not contain control characters (one line of text)"));
            return current;
        }
        return (String) v;
    }

    /**
     * True when {@code s} holds a control character (C0, DEL, C1); {@code multiline} allows tab, LF and CR,
     * as in the texts of configuration files. PostgreSQL refuses NUL, and the others break logs and exports.
     */
    public static boolean hasControl(String s, boolean multiline) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 || (c >= 0x7f && c <= 0x9f)) && !(multiline && (c == '\t' || c == '\n' || c == '\r'))) {
                return true;
            }
        }
        return false;
    }

    /** A client's value as it may appear in an error: at most 64 characters, control characters escaped. */
    public static String shown(Object v) {
        String s = String.valueOf(v);
        StringBuilder out = new StringBuilder();
        int i = 0;
        for (; i < s.length() && out.length() < 64; i++) {
            char c = s.charAt(i);
            out.append(c < 0x20 || (c >= 0x7f && c <= 0x9f) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return i < s.length() ? out + "... (" + s.length() + " characters)" : out.toString();
    }

    /** The update body's {@code delete}: a list of keys or a comma/space separated string (null when absent). */
    public static List<?> deleteKeys(Object delete) {
        if (delete == null) {
            return null;
        }
        if (delete instanceof List<?> l) {
            return l;
        }
        if (delete instanceof String s) {
            return List.of(s.split("[,;\\s]+"));
        }
        throw ApiException.invalid("delete", "must be a list of keys or a comma separated string");
    }
}
