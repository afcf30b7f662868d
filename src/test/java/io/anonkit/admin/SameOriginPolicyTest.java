package io.anonkit.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.anonkit.http.Refusal;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SameOriginPolicyTest {
    private static final Optional<URI> PUBLIC = Optional.of(URI.create("https://www.example.com/analytics"));

    @ParameterizedTest(name = "{0} {1} Origin={2} Sec-Fetch-Site={3} Host={4} -> {5}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "GET    | -                                  | https://evil.example        | cross-site  | kit:8080         | 0",
                "PUT    | application/json                   | -                           | -           | kit:8080         | 0",
                "PUT    | application/json; charset=utf-8    | http://kit:8080             | same-origin | kit:8080         | 0",
                "PUT    | Application/JSON                   | http://kit:8080             | -           | kit:8080         | 0",
                "PUT    | application/json                   | https://www.example.com     | same-origin | 10.0.0.5:8080    | 0",
                "PUT    | application/json                   | https://www.example.com:443 | -           | 10.0.0.5:8080    | 0",
                "PUT    | application/json                   | http://kit                  | -           | kit:80           | 0",
                "POST   | application/json                   | -                           | none        | kit:8080         | 0",
                "PUT    | application/x-www-form-urlencoded  | -                           | -           | kit:8080         | 415",
                "POST   | text/plain                         | -                           | -           | kit:8080         | 415",
                "POST   | multipart/form-data; boundary=x    | -                           | -           | kit:8080         | 415",
                "PUT    | application/jsonp                  | -                           | -           | kit:8080         | 415",
                "PUT    | -                                  | -                           | -           | kit:8080         | 415",
                "PUT    | application/json                   | https://evil.example        | -           | kit:8080         | 403",
                "PUT    | application/json                   | http://kit:8080.evil.example | -          | kit:8080         | 403",
                "PUT    | application/json                   | http://kit:8081             | -           | kit:8080         | 403",
                "PUT    | application/json                   | null                        | -           | kit:8080         | 403",
                "PUT    | application/json                   | http://kit:8080/path        | -           | kit:8080         | 403",
                "PUT    | application/json                   | http://www.example.com      | -           | 10.0.0.5:8080    | 403",
                "PUT    | application/json                   | -                           | cross-site  | kit:8080         | 403",
                "DELETE | application/json                   | -                           | same-site   | kit:8080         | 403",
                "POST   | application/x-www-form-urlencoded  | https://evil.example        | cross-site  | kit:8080         | 403",
            })
    void refusesCrossSiteAndNonJsonChanges(
            String method, String contentType, String origin, String fetchSite, String host, int status) {
        Optional<Refusal> refusal = SameOriginPolicy.check(
                method, contentType, origin, fetchSite, host, host.startsWith("10.") ? PUBLIC : Optional.empty());
        assertEquals(status, refusal.map(Refusal::status).orElse(0), refusal.toString());
    }
}
