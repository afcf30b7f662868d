package io.anonkit.doctor;

/**
 * The outcome of one doctor check.
 *
 * @param id     a stable name, such as {@code qps-user}
 * @param title  what was checked
 * @param status pass, warn or fail
 * @param detail what the kit saw
 * @param fix    what to change; empty when it passed
 */
public record Finding(String id, String title, Status status, String detail, String fix) {
    /** A check's verdict. */
    public enum Status { PASS, WARN, FAIL }

    static Finding pass(String id, String title, String detail) {
        return new Finding(id, title, Status.PASS, detail, "");
    }

    static Finding warn(String id, String title, String detail, String fix) {
        return new Finding(id, title, Status.WARN, detail, fix);
    }

    static Finding fail(String id, String title, String detail, String fix) {
        return new Finding(id, title, Status.FAIL, detail, fix);
    }
}
