package io.anonkit.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.settings.SettingKey;
import io.anonkit.testing.GatewayUnderTest;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.TestSettings;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpTester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared cache of Qlik's static assets through the real gateway and the stand-in: what Qlik is asked, and what
 * every visitor gets, for each rule of RFC 9111 the kit applies and for each poisoning attempt.
 */
class CachedAssetsTest {
    private static final String ASSET = QlikStandIn.PREFIX + "/resources/assets/";
    private final HttpClient client = HttpClient.newBuilder().build();
    private QlikStandIn qlik;
    private GatewayUnderTest gateway;

    @BeforeEach
    void start() throws Exception {
        qlik = QlikStandIn.start();
        gateway = GatewayUnderTest.start(settings().build());
    }

    @AfterEach
    void stop() throws Exception {
        qlik.releaseAssets();
        gateway.close();
        qlik.close();
    }

    private TestSettings settings() {
        return TestSettings.defaults().with(SettingKey.UPSTREAM, qlik.virtualProxy());
    }

    private long asked(String name) {
        return qlik.requests().stream()
                .filter(r -> r.pathQuery().startsWith(ASSET + name))
                .count();
    }

    private HttpResponse<String> get(String name, String... headers) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(gateway.baseUri().resolve("/qlik/resources/assets/" + name));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aFreshAssetIsAskedOfQlikOnceAndServedToEveryoneWithItsAge() throws Exception {
        HttpResponse<String> first = get("a.js");
        assertEquals(200, first.statusCode());
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> again = get("a.js");
            assertEquals(200, again.statusCode());
            assertEquals(first.body(), again.body());
            assertTrue(again.headers().firstValue("Age").isPresent(), "Age on a stored answer");
            assertEquals(first.headers().firstValue("ETag"), again.headers().firstValue("ETag"));
        }
        assertEquals(1, asked("a.js"), "Qlik was asked once for 21 views");
    }

    @Test
    void aHeadIsAnsweredFromTheGetsEntryAndAVisitorsOwnValidatorGets304() throws Exception {
        HttpResponse<String> first = get("b.js");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> head = client.send(
                HttpRequest.newBuilder(gateway.baseUri().resolve("/qlik/resources/assets/b.js"))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertEquals(
                String.valueOf(first.body().length()),
                head.headers().firstValue("Content-Length").orElseThrow());
        HttpResponse<String> conditional = get("b.js", "If-None-Match", etag);
        assertEquals(304, conditional.statusCode());
        assertEquals("", conditional.body());
        assertEquals(200, get("b.js", "If-None-Match", "\"other\"").statusCode());
        assertEquals(1, asked("b.js"));
    }

    @Test
    void noCacheIsRevalidatedWithTheValidatorEveryTime() throws Exception {
        qlik.assets("no-cache", 4096);
        String body = get("c.js").body();
        for (int i = 0; i < 3; i++) {
            assertEquals(body, get("c.js").body());
        }
        List<QlikStandIn.Recorded> asks = qlik.requests().stream()
                .filter(r -> r.pathQuery().startsWith(ASSET + "c.js"))
                .toList();
        assertEquals(4, asks.size());
        assertTrue(asks.get(0).values("If-None-Match").isEmpty());
        for (QlikStandIn.Recorded ask : asks.subList(1, 4)) {
            assertEquals(1, ask.values("If-None-Match").size(), "revalidated: " + ask);
        }
    }

    @Test
    void anAnswerForOneVisitorIsNeverSharedAndCostsQlikOneRequestPerView() throws Exception {
        qlik.assets("private, max-age=600", 4096);
        for (int i = 0; i < 5; i++) {
            assertEquals(200, get("d.js").statusCode());
        }
        assertEquals(5, asked("d.js"), "each view asked once, never twice");
        qlik.assets("no-store", 4096);
        for (int i = 0; i < 3; i++) {
            assertEquals(200, get("e.js").statusCode());
        }
        assertEquals(3, asked("e.js"));
    }

    @Test
    void theSessionCookieQlikSendsAgainStaysInTheKitAndTheAssetIsStillShared() throws Exception {
        qlik.assetsRenewSession(true);
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> answer = get("renew.js");
            assertEquals(200, answer.statusCode());
            assertEquals(List.of(), answer.headers().allValues("Set-Cookie"), "the pooled session's cookie");
        }
        List<QlikStandIn.Recorded> asks = qlik.requests().stream()
                .filter(r -> r.pathQuery().startsWith(ASSET + "renew.js"))
                .toList();
        assertEquals(1, asks.size(), "stored although Qlik sent its session cookie again");
        assertTrue(
                asks.get(0).values("Cookie").stream().anyMatch(c -> c.contains(QlikStandIn.SESSION_COOKIE + "=")),
                "the fill carried the session, so Qlik's answer renewed it: " + asks.get(0));
    }

    @Test
    void anAnswerWithAVisitorsCookieGoesToItsViewAloneWithTheCookieRewrittenAndQlikIsAskedOncePerView()
            throws Exception {
        qlik.assetCookie("qlik-lang=en; Path=" + QlikStandIn.PREFIX + "/");
        List<List<String>> cookies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> answer = get("lang.js");
            assertEquals(200, answer.statusCode());
            cookies.add(answer.headers().allValues("Set-Cookie"));
        }
        assertEquals(5, asked("lang.js"), "the fill's own answer went to its view: never asked twice");
        io.anonkit.cache.CacheFigures figures =
                io.anonkit.metrics.KitMetrics.of(gateway.servletContext()).cache();
        assertEquals(0, figures.entries(), figures.toString());
        assertEquals(5, figures.passes(), figures.toString());
        gateway.store().replace(settings().with(SettingKey.CACHE_SIZE, "0").build());
        List<String> proxied = get("lang.js").headers().allValues("Set-Cookie");
        assertEquals(1, proxied.size(), proxied.toString());
        assertTrue(proxied.get(0).startsWith("qlik-lang=en; Path=/qlik"), "rewritten to the mount: " + proxied);
        for (List<String> viewCookies : cookies) {
            assertEquals(proxied, viewCookies, "each view got the cookie as the proxy sends it");
        }
    }

    @Test
    void aFailureOfQlikGoesToItsViewAloneAndTheAssetIsStoredAsSoonAsQlikRecovers() throws Exception {
        qlik.assetStatus(503);
        for (int i = 0; i < 3; i++) {
            assertEquals(503, get("down.js").statusCode());
        }
        assertEquals(3, asked("down.js"), "once per view");
        qlik.assetStatus(200);
        for (int i = 0; i < 5; i++) {
            assertEquals(200, get("down.js").statusCode());
        }
        assertEquals(4, asked("down.js"), "a 5xx leaves no pass mark: the first view after it fills the entry");
    }

    @Test
    void nothingAVisitorSendsBeyondTheKeyReachesQlikOnAFillSoNothingCanBePoisoned() throws Exception {
        HttpResponse<String> attempt = get(
                "f.js",
                "X-Forwarded-Host",
                "evil.example",
                "X-Original-URL",
                "/evil",
                "X-Rewrite-URL",
                "/evil",
                "Accept-Language",
                "xx-evil",
                "X-Forwarded-Scheme",
                "evil",
                "hdr-usr",
                "admin",
                "HDR_USR",
                "admin",
                "Cookie",
                "X-Qlik-Session-hdr=evil");
        assertEquals(200, attempt.statusCode());
        HttpResponse<String> clean = get("f.js");
        assertEquals(attempt.body(), clean.body());
        assertFalse(clean.body().contains("evil"), clean.body());
        assertTrue(clean.body().contains("xou=null") && clean.body().contains("lang=null"), clean.body());
        assertEquals(1, asked("f.js"));
        QlikStandIn.Recorded fill = qlik.requests().stream()
                .filter(r -> r.pathQuery().startsWith(ASSET + "f.js"))
                .findFirst()
                .orElseThrow();
        assertEquals(List.of("anonymous"), fill.values("hdr-usr"), "the one identity: " + fill);
        assertTrue(
                fill.values("X-Original-URL").isEmpty()
                        && fill.values("Accept-Language").isEmpty(),
                fill.toString());
    }

    @Test
    void anotherHostGetsAnEntryOfItsOwnAndNeverChangesAnothers() throws Exception {
        HttpTester.Response evil = gateway.raw(
                "GET /qlik/resources/assets/g.js HTTP/1.1\r\nHost: evil.example\r\n" + "Connection: close\r\n\r\n");
        assertEquals(200, evil.getStatus());
        assertTrue(evil.getContent().contains("host=evil.example"), evil.getContent());
        HttpResponse<String> clean = get("g.js");
        assertFalse(clean.body().contains("evil"), clean.body());
        assertEquals(2, asked("g.js"), "one entry per Host sent to Qlik");
    }

    @Test
    void aGetWithABodyIsNeitherAnsweredFromTheCacheNorStored() throws Exception {
        get("h.js");
        HttpTester.Response fat = gateway.raw("GET /qlik/resources/assets/h.js HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Length: 5\r\nConnection: close\r\n\r\nevil!");
        assertEquals(200, fat.getStatus());
        assertEquals(2, asked("h.js"), "the fat GET went to Qlik itself");
        get("h.js");
        assertEquals(2, asked("h.js"), "and stored nothing");
    }

    @Test
    void aColdSpikeCostsQlikOneRequestPerAsset() throws Exception {
        qlik.holdAssets();
        List<CompletableFuture<HttpResponse<String>>> views = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            views.add(client.sendAsync(
                    HttpRequest.newBuilder(gateway.baseUri().resolve("/qlik/resources/assets/spike.js"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        io.anonkit.testing.Eventually.await(
                Duration.ofSeconds(10), "the first view reached Qlik", () -> asked("spike.js") == 1);
        qlik.releaseAssets();
        String body = null;
        for (CompletableFuture<HttpResponse<String>> view : views) {
            HttpResponse<String> answer = view.get(30, TimeUnit.SECONDS);
            assertEquals(200, answer.statusCode());
            body = body == null ? answer.body() : body;
            assertEquals(body, answer.body());
        }
        assertEquals(1, asked("spike.js"), "40 concurrent views, one request to Qlik");
        io.anonkit.cache.CacheFigures figures =
                io.anonkit.metrics.KitMetrics.of(gateway.servletContext()).cache();
        assertEquals(1, figures.misses(), figures.toString());
        assertEquals(39, figures.hits(), "the waiters were served without asking Qlik: " + figures);
        // Those that arrived while the fill ran waited for it; any that came after it were plain hits.
        assertTrue(figures.coalescedWaits() >= 1 && figures.coalescedWaits() <= 39, figures.toString());
    }

    @Test
    void aBodyLargerThanAnEntryStreamsThroughAndIsNotFetchedTwice() throws Exception {
        gateway.store().replace(settings().with(SettingKey.CACHE_SIZE, "1MB").build());
        qlik.assets("public, max-age=600", 200 * 1024);
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> big = get("big.js");
            assertEquals(200, big.statusCode());
            assertEquals(200 * 1024, big.body().length());
        }
        assertEquals(4, asked("big.js"), "the first fill stops at the entry's limit, then each view goes to Qlik once");
    }

    @Test
    void aChangeOfUpstreamOrTurningTheCacheOffDropsEveryEntry() throws Exception {
        String before = get("i.js").body();
        qlik.replaceAssets();
        assertEquals(before, get("i.js").body(), "fresh: still the stored one");
        gateway.store().replace(settings().with(SettingKey.CACHE_SIZE, "0").build());
        String off = get("i.js").body();
        assertFalse(off.equals(before), "off: Qlik's current file");
        gateway.store().replace(settings().build());
        assertEquals(off, get("i.js").body(), "on again: filled anew");
        assertEquals(3, asked("i.js"));
        qlik.replaceAssets();
        gateway.store().replace(settings().with(SettingKey.USER_ID, "visitor").build());
        String otherIdentity = get("i.js").body();
        assertFalse(otherIdentity.equals(off), "another identity: filled anew");
        assertEquals(4, asked("i.js"));
    }

    @Test
    void theFiguresCountEachResultAndAPurgeDropsEveryEntry() throws Exception {
        qlik.assets("no-cache", 1024);
        get("j.js");
        get("j.js");
        qlik.assets("public, max-age=600", 1024);
        get("k.js");
        get("k.js");
        get("k.js");
        qlik.assets("private", 1024);
        get("l.js");
        io.anonkit.cache.CacheFigures figures =
                io.anonkit.metrics.KitMetrics.of(gateway.servletContext()).cache();
        assertEquals(2, figures.hits(), figures.toString());
        assertEquals(2, figures.misses(), figures.toString());
        assertEquals(1, figures.revalidations(), figures.toString());
        assertEquals(1, figures.passes(), figures.toString());
        assertEquals(2, figures.entries(), figures.toString());
        assertTrue(figures.bytes() > 2048 && figures.bytes() <= figures.maxBytes(), figures.toString());
        assertEquals(6, gateway.counter("anonkit_cache_requests"), "every cacheable request counted once");
        io.anonkit.cache.CachePurge purge = (io.anonkit.cache.CachePurge)
                gateway.servletContext().getAttribute(io.anonkit.cache.CachePurge.ATTRIBUTE);
        assertEquals(2, purge.purge());
        get("k.js");
        assertEquals(2, asked("k.js"), "asked again after the purge");
    }

    @Test
    void aSlowQlikHoldsNoRequestThreadPastTheFillWaitAndTheFillStillStores() throws Exception {
        qlik.holdAssets();
        List<CompletableFuture<HttpResponse<String>>> views = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            views.add(client.sendAsync(
                    HttpRequest.newBuilder(gateway.baseUri().resolve("/qlik/resources/assets/slow.js"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        // Past the fill wait the three go to the proxy: Qlik sees them besides the fill.
        io.anonkit.testing.Eventually.await(
                CachedAssets.FILL_WAIT.plusSeconds(10),
                "the waiting views went to the proxy",
                () -> asked("slow.js") == 4);
        qlik.releaseAssets();
        for (CompletableFuture<HttpResponse<String>> view : views) {
            assertEquals(200, view.get(30, TimeUnit.SECONDS).statusCode());
        }
        io.anonkit.testing.Eventually.await(Duration.ofSeconds(10), "the fill stored its answer", () -> {
            get("slow.js");
            return asked("slow.js") == 4;
        });
    }
}
