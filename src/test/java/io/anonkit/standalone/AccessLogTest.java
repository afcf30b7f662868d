package io.anonkit.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The access log's redaction of secret query parameters, in every spelling Qlik's proxy would still read. */
class AccessLogTest {
    @Test
    void secretParametersAreRedactedHoweverTheyAreSpelled() {
        assertNull(AccessLog.redacted(null));
        assertEquals("a=1&b=2", AccessLog.redacted("a=1&b=2"));
        assertEquals("qlik-csrf-token=redacted", AccessLog.redacted("qlik-csrf-token=t0ken"));
        assertEquals("XRFKEY=redacted&Qlik-CSRF-Token=redacted", AccessLog.redacted("XRFKEY=k&Qlik-CSRF-Token=t"));
        assertEquals("qlik%2Dcsrf%2Dtoken=redacted", AccessLog.redacted("qlik%2Dcsrf%2Dtoken=t0ken"));
        assertEquals("xrfkey=redacted&xrfkey=redacted", AccessLog.redacted("xrfkey=one&xrfkey=two"));
        assertEquals("xrfkey=redacted", AccessLog.redacted("xrfkey"));
        assertEquals("xrfkeys=keep&a=xrfkey", AccessLog.redacted("xrfkeys=keep&a=xrfkey"));
        assertEquals("&&xrfkey=redacted&", AccessLog.redacted("&&xrfkey=k=v&"));
    }
}
