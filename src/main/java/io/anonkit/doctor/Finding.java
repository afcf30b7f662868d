package io.anonkit.doctor;

/**
 * The outcome of one doctor check.
 *
 * @param check  the check
 * @param status pass, warn or fail
 * @param detail what the kit saw
 * @param fix    what to change; empty when it passed
 */
public record Finding(Check check, Status status, String detail, String fix) {
    /** A check's verdict. */
    public enum Status {
        PASS,
        WARN,
        FAIL
    }

    /** The check's stable id, such as {@code qps-user}. */
    public String id() {
        return check.id();
    }

    /** What was checked. */
    public String title() {
        return check.title();
    }

    static Finding pass(Check check, String detail) {
        return new Finding(check, Status.PASS, detail, "");
    }

    static Finding warn(Check check, String detail, String fix) {
        return new Finding(check, Status.WARN, detail, fix);
    }

    static Finding fail(Check check, String detail, String fix) {
        return new Finding(check, Status.FAIL, detail, fix);
    }
}
