package io.anonkit.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.anonkit.identity.IdentityPolicy.InjectedHeader;
import io.anonkit.settings.SettingKey;
import io.anonkit.testing.TestSettings;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdentityPolicyTest {
    private final IdentityPolicy policy =
            IdentityPolicy.of(TestSettings.defaults().build());

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "hdr-usr, STRIP_IDENTITY",
        "HDR-USR, STRIP_IDENTITY",
        "hdr_usr, STRIP_IDENTITY",
        "hdr.usr, STRIP_IDENTITY",
        "Hdr~Usr, STRIP_IDENTITY",
        "hdrusr, STRIP_IDENTITY",
        "X-Qlik-User, STRIP_QLIK_RESERVED",
        "x_qlik_user, STRIP_QLIK_RESERVED",
        "X-Qlik-Security, STRIP_QLIK_RESERVED",
        "X-Qlik-ProxySession, STRIP_QLIK_RESERVED",
        "X-Qlik-ProxyId, STRIP_QLIK_RESERVED",
        "X-Qlik-Trace, STRIP_QLIK_RESERVED",
        "X-Qlik-App, STRIP_QLIK_RESERVED",
        "X-Qlik-Capabilities, STRIP_QLIK_RESERVED",
        "X-Qlik-Virtual-Proxy-Prefix, STRIP_QLIK_RESERVED",
        "X-Qlik-Overrides, STRIP_QLIK_RESERVED",
        "X-Qlik-Anything-New, STRIP_QLIK_RESERVED",
        "X-Qlik-Xrfkey, FORWARD",
        "x-qlik-xrfkey, FORWARD",
        "Forwarded, STRIP_FORWARDING",
        "X-Forwarded-For, STRIP_FORWARDING",
        "X_Forwarded_Host, STRIP_FORWARDING",
        "X-Forwarded-Prefix, STRIP_FORWARDING",
        "X-Real-IP, STRIP_FORWARDING",
        "True-Client-IP, STRIP_FORWARDING",
        "X-Original-URL, STRIP_FORWARDING",
        "X-HTTP-Method-Override, STRIP_FORWARDING",
        "Authorization, STRIP_CREDENTIALS",
        "X_Custom, UNUSUAL_NAME",
        "a.b, UNUSUAL_NAME",
        "Accept, FORWARD",
        "qlik-csrf-token, FORWARD",
        "User-Agent, FORWARD"
    })
    void classifiesHeaderNamesBySkeleton(String name, HeaderVerdict verdict) {
        assertEquals(verdict, policy.classify(name));
    }

    @Test
    void stripsTheConfiguredHeaderNameInEveryMode() {
        IdentityPolicy none = IdentityPolicy.of(
                TestSettings.defaults().with(SettingKey.IDENTITY_MODE, "none").build());
        assertEquals(HeaderVerdict.STRIP_IDENTITY, none.classify("Hdr_Usr"));
        assertEquals(Optional.empty(), none.injected());
    }

    @Test
    void headerStaticInjectsTheUserId() {
        assertEquals(Optional.of(new InjectedHeader("hdr-usr", "anonymous")), policy.injected());
    }

    @Test
    void headerDynamicInjectsThePattern() {
        IdentityPolicy dynamic = IdentityPolicy.of(TestSettings.defaults()
                .with(SettingKey.IDENTITY_MODE, "header-dynamic")
                .with(SettingKey.IDENTITY_HEADER, "qlik-id")
                .build());
        assertEquals(Optional.of(new InjectedHeader("qlik-id", "PUBLIC\\anonymous")), dynamic.injected());
    }

    @Test
    void xQlikUserModeInjectsTheCertificateFormat() {
        IdentityPolicy x = IdentityPolicy.of(TestSettings.defaults()
                .with(SettingKey.IDENTITY_MODE, "x-qlik-user")
                .with(SettingKey.USER_ID, "visitor")
                .build());
        assertEquals(
                Optional.of(new InjectedHeader("X-Qlik-User", "UserDirectory=PUBLIC; UserId=visitor")), x.injected());
    }

    @Test
    void patternExpansionIsOnePassSoValuesAreNotExpandedAgain() {
        assertEquals("$id/x", IdentityPolicy.expand("$ud/$id", "$id", "x"));
        assertEquals("a@B", IdentityPolicy.expand("$id@$ud", "B", "a"));
    }

    @Test
    void cacheStaysBoundedUnderNameFlooding() {
        IdentityPolicy fresh = IdentityPolicy.of(TestSettings.defaults().build());
        for (int i = 0; i < IdentityPolicy.VERDICT_CACHE_SIZE * 3; i++) {
            assertEquals(HeaderVerdict.FORWARD, fresh.classify("X-Junk-" + i));
        }
        assertEquals(HeaderVerdict.STRIP_IDENTITY, fresh.classify("hdr_usr"), "verdicts stay right past the cache");
    }
}
