package io.anonkit.bench;

import io.anonkit.identity.SanitisingFilter;
import io.anonkit.settings.SettingKey;
import io.anonkit.settings.Settings;
import io.anonkit.settings.SettingsParser;
import io.anonkit.settings.SettingsRepository;
import io.anonkit.settings.SettingsStore;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The sanitising filter on realistic browser requests (Chrome loading a Qlik resource and opening a sheet, 15 to 25
 * headers), clean and with spoofed identity headers: nanoseconds per request, and with {@code -prof gc} the bytes
 * allocated per request. Run: {@code src/bench/filter.sh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SanitiserBenchmark {
    /** The header set: 15 or 25 browser headers, and whether identity headers are spoofed among them. */
    @Param({"clean-15", "clean-25", "spoofed-15", "spoofed-25"})
    public String headers;

    private SanitisingFilter filter;
    private BrowserRequest request;
    private HttpServletResponse response;
    private Blackhole sink;
    private final FilterChain chain = (req, res) -> sink.consume(req);

    @Setup(Level.Trial)
    public void setUp(Blackhole blackhole) throws Exception {
        sink = blackhole;
        Settings settings =
                SettingsParser.parse(key -> key == SettingKey.UPSTREAM ? "https://qlik.internal/hdr" : null);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(
                SettingsStore.ATTRIBUTE,
                new SettingsStore(settings, 0, new NothingSaved(), java.time.Clock.systemUTC()));
        ServletContext context = (ServletContext) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {ServletContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    default -> null;
                });
        filter = new SanitisingFilter();
        filter.init(new FilterConfig() {
            @Override
            public String getFilterName() {
                return "identity-sanitiser";
            }

            @Override
            public ServletContext getServletContext() {
                return context;
            }

            @Override
            public String getInitParameter(String name) {
                return null;
            }

            @Override
            public java.util.Enumeration<String> getInitParameterNames() {
                return Collections.emptyEnumeration();
            }
        });
        request = new BrowserRequest(headerSet(headers));
        response = new HttpServletResponseWrapper((HttpServletResponse) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                }));
    }

    /** One request through the filter, up to the next element of the chain. */
    @Benchmark
    public void sanitise() throws Exception {
        filter.doFilter((ServletRequest) request, response, chain);
    }

    static List<String[]> headerSet(String name) {
        List<String[]> set = new ArrayList<>(List.of(
                new String[] {"Host", "analytics.example.com"},
                new String[] {"Connection", "keep-alive"},
                new String[] {"sec-ch-ua", "\"Chromium\";v=\"156\", \"Not-A.Brand\";v=\"24\""},
                new String[] {"sec-ch-ua-mobile", "?0"},
                new String[] {"sec-ch-ua-platform", "\"Linux\""},
                new String[] {
                    "User-Agent",
                    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36"
                },
                new String[] {"Accept", "application/json, text/plain, */*"},
                new String[] {"Sec-Fetch-Site", "same-origin"},
                new String[] {"Sec-Fetch-Mode", "cors"},
                new String[] {"Sec-Fetch-Dest", "empty"},
                new String[] {"Referer", "https://analytics.example.com/sales/report.xhtml"},
                new String[] {"Accept-Encoding", "gzip, deflate, br, zstd"},
                new String[] {"Accept-Language", "en-GB,en;q=0.9,de;q=0.8"},
                new String[] {"Cookie", "JSESSIONID=node01abc; X-Qlik-Session-hdr=5b1e3c0e-8d3f-4a53-a1a2-5f0d9a4e8b77"
                },
                new String[] {"X-Qlik-Xrfkey", "0123456789abcdef"}));
        if (name.endsWith("-25")) {
            set.addAll(List.of(
                    new String[] {"Origin", "https://analytics.example.com"},
                    new String[] {"Cache-Control", "no-cache"},
                    new String[] {"Pragma", "no-cache"},
                    new String[] {"If-None-Match", "W/\"1a2b3c\""},
                    new String[] {"If-Modified-Since", "Tue, 24 Nov 2026 10:00:00 GMT"},
                    new String[] {"Priority", "u=1, i"},
                    new String[] {"DNT", "1"},
                    new String[] {"Upgrade-Insecure-Requests", "1"},
                    new String[] {"Content-Type", "application/json"},
                    new String[] {"X-Requested-With", "XMLHttpRequest"}));
        }
        if (name.startsWith("spoofed")) {
            // Two of the set become identity spoofs, so the count stays 15 or 25.
            set.set(set.size() - 1, new String[] {"hdr-usr", "admin"});
            set.set(set.size() - 2, new String[] {"X-Qlik-User", "UserDirectory=INTERNAL; UserId=sa_repository"});
        }
        return set;
    }

    /** Settings are never changed by the benchmark. */
    private static final class NothingSaved implements SettingsRepository {
        @Override
        public java.util.Optional<io.anonkit.settings.SavedSettings> load() {
            return java.util.Optional.empty();
        }

        @Override
        public long save(Settings settings, long expectedRevision, io.anonkit.settings.AuditEntry entry) {
            throw new UnsupportedOperationException("the benchmark changes no settings");
        }

        @Override
        public List<io.anonkit.settings.AuditEntry> auditTrail(int limit) {
            return List.of();
        }

        @Override
        public List<io.anonkit.settings.SigningKey> signingKeys() {
            return List.of();
        }

        @Override
        public List<io.anonkit.settings.SigningKey> addSigningKey(
                io.anonkit.settings.SigningKey key, java.time.Instant forgetBefore) {
            return List.of(key);
        }

        @Override
        public String location() {
            return "nowhere";
        }

        @Override
        public boolean shared() {
            return false;
        }
    }
}
