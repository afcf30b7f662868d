package io.anonkit.bench.scg;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.context.annotation.Bean;

/**
 * Spring Cloud Gateway doing the kit's basic job, as MITRE's proxy does in {@code MitreProxy}: {@code /qlik/x} goes to
 * {@code UPSTREAM_BASE/x}, every client copy of the identity header is dropped by its letters-and-digits skeleton
 * ({@code hdr-usr}, {@code X-Qlik-User}), and one {@code hdr-usr} is injected.
 *
 * <p>Usage: {@code java -jar scg-gateway.jar PORT UPSTREAM_BASE}, for example {@code 18085 http://127.0.0.1:18090/hdr}.
 */
@SpringBootApplication
public class ScgGateway {
    private static final List<String> IDENTITY_SKELETONS = List.of("hdrusr", "xqlikuser");

    /** Starts the gateway. */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: ScgGateway PORT UPSTREAM_BASE");
            System.exit(2);
        }
        String upstream = args[1].replaceAll("/+$", "");
        java.net.URI base = java.net.URI.create(upstream);
        String prefix = "spring.cloud.gateway.server.webflux.routes[0].";
        SpringApplication application = new SpringApplication(ScgGateway.class);
        application.setDefaultProperties(Map.of(
                "server.port", args[0],
                "server.address", "127.0.0.1",
                "logging.level.root", "warn",
                prefix + "id", "qlik",
                prefix + "uri", base.getScheme() + "://" + base.getRawAuthority(),
                prefix + "predicates[0]", "Path=/qlik/**",
                prefix + "filters[0]", "RewritePath=/qlik/(?<rest>.*), " + base.getRawPath() + "/${rest}"));
        application.run();
    }

    /** Drops the client's identity headers and injects the one shared identity. */
    @Bean
    GlobalFilter identity() {
        return (exchange, chain) -> chain.filter(exchange.mutate().request(request -> request.headers(headers -> {
            for (String name : List.copyOf(headers.headerNames())) {
                String skeleton = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
                if (IDENTITY_SKELETONS.contains(skeleton)) {
                    headers.remove(name);
                }
            }
            headers.set("hdr-usr", "anonymous");
        })).build());
    }
}
