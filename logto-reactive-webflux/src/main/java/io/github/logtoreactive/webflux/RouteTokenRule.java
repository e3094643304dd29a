package io.github.logtoreactive.webflux;

import java.util.List;
import java.util.Objects;

import io.github.logtoreactive.TokenKey;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The tokens that requests matching a path pattern need. {@link LogtoWebFilter} makes sure they are outside the
 * refresh skew before the handler runs, so a streaming handler starts with fresh tokens and the response's cookie
 * carries them. Immutable.
 */
public final class RouteTokenRule {

	private final PathPattern pattern;

	private final List<TokenKey> tokens;

	private RouteTokenRule(PathPattern pattern, List<TokenKey> tokens) {
		this.pattern = pattern;
		this.tokens = tokens;
	}

	/**
	 * @param pattern a path pattern, e.g. {@code /api/stream/**}
	 * @param tokens the tokens the matching routes need
	 * @return the rule
	 * @throws IllegalArgumentException when the pattern is invalid
	 */
	public static RouteTokenRule of(String pattern, List<TokenKey> tokens) {
		Objects.requireNonNull(pattern, "pattern");
		return new RouteTokenRule(PathPatternParser.defaultInstance.parse(pattern), List.copyOf(tokens));
	}

	/**
	 * @param path a request path
	 * @return whether the rule applies
	 */
	public boolean matches(PathContainer path) {
		return this.pattern.matches(path);
	}

	/**
	 * @return the tokens the matching routes need
	 */
	public List<TokenKey> tokens() {
		return this.tokens;
	}

	@Override
	public String toString() {
		return "RouteTokenRule{" + this.pattern + " -> " + this.tokens + "}";
	}
}
