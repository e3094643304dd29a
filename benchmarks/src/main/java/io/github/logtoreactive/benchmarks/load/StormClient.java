package io.github.logtoreactive.benchmarks.load;

import java.time.Duration;
import java.util.List;

import io.netty.channel.ChannelOption;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Fires N requests at once (one connection each, opened and warmed before), and reports each one's status, latency and
 * {@code Set-Cookie} lines. Reactor Netty, non-blocking, in the harness JVM.
 */
final class StormClient implements AutoCloseable {

	record Response(int status, long nanos, List<String> setCookies) {
	}

	private final ConnectionProvider connections;

	private final LoopResources loops;

	private final HttpClient http;

	StormClient(int concurrency) {
		this.connections = ConnectionProvider.builder("storm")
			.maxConnections(concurrency)
			.pendingAcquireMaxCount(-1)
			.pendingAcquireTimeout(Duration.ofSeconds(60))
			.maxIdleTime(Duration.ofMinutes(5))
			.build();
		this.loops = LoopResources.create("storm", 2, true);
		this.http = HttpClient.create(this.connections)
			.runOn(this.loops)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
			.responseTimeout(Duration.ofSeconds(60));
	}

	/** Opens the connections: N concurrent {@code GET /ping}, so the storm itself does not wait for TCP handshakes. */
	void warm(String baseUrl, int concurrency) {
		fire(baseUrl + "/ping", null, concurrency);
	}

	List<Response> fire(String url, String cookie, int concurrency) {
		return Flux.range(0, concurrency)
			.flatMap(i -> one(url, cookie), concurrency)
			.collectList()
			.block(Duration.ofSeconds(120));
	}

	private Mono<Response> one(String url, String cookie) {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			return this.http.headers(h -> {
				if (cookie != null) {
					h.set("Cookie", cookie);
				}
			})
				.get()
				.uri(url)
				.responseSingle((response, body) -> body.asString()
					.defaultIfEmpty("")
					.map(ignored -> new Response(response.status().code(), System.nanoTime() - start,
							response.responseHeaders().getAll("Set-Cookie"))))
				.onErrorResume(ex -> Mono.just(new Response(-1, System.nanoTime() - start, List.of())));
		});
	}

	@Override
	public void close() {
		this.connections.disposeLater().block(Duration.ofSeconds(10));
		this.loops.disposeLater().block(Duration.ofSeconds(10));
	}
}
