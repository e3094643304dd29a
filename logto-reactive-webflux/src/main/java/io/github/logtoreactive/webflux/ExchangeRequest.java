package io.github.logtoreactive.webflux;

import java.net.URI;
import java.util.List;

import io.github.logtoreactive.web.RouteRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * A WebFlux request as the core's routes read it: a view over the exchange's request, parsed by Spring (once, as
 * Spring caches its query parameters and headers). Never blocks.
 */
final class ExchangeRequest implements RouteRequest {

	private final ServerWebExchange exchange;

	private final ServerHttpRequest request;

	/**
	 * @param exchange the exchange
	 */
	ExchangeRequest(ServerWebExchange exchange) {
		this.exchange = exchange;
		this.request = exchange.getRequest();
	}

	/**
	 * @return the exchange this request is of
	 */
	ServerWebExchange exchange() {
		return this.exchange;
	}

	@Override
	public String method() {
		return this.request.getMethod().name();
	}

	@Override
	public URI uri() {
		return this.request.getURI();
	}

	@Override
	public String contextPath() {
		return this.request.getPath().contextPath().value();
	}

	@Override
	public String path() {
		return this.request.getPath().pathWithinApplication().value();
	}

	@Override
	public @Nullable String queryParameter(String name) {
		return this.request.getQueryParams().getFirst(name);
	}

	@Override
	public @Nullable String header(String name) {
		return this.request.getHeaders().getFirst(name);
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * With Spring's reading of {@code Accept}: a header Spring cannot parse asks for no HTML.
	 */
	@Override
	public boolean prefersHtml() {
		List<MediaType> accept;
		try {
			accept = this.request.getHeaders().getAccept();
		}
		catch (RuntimeException ex) {
			return false;
		}
		for (MediaType type : accept) {
			if (type.isCompatibleWith(MediaType.TEXT_HTML) && !type.isWildcardType()) {
				return true;
			}
		}
		return false;
	}
}
