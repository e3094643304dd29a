package io.github.logtoreactive.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What {@link LogtoRouteHandler} answers a request with: a redirect, a JSON document or an error page, never
 * specific to a server. An integration writes it as it stands: the {@link #status()}, {@code Cache-Control:
 * no-store}, and each header and the body this answer has; the request's session cookies
 * ({@link RequestSession#commit()}) go with it. Immutable.
 */
public final class HttpAnswer {

	/** The {@code Cache-Control} of every answer: it is about one user's session, never to be cached. */
	public static final String CACHE_CONTROL = "no-store";

	static final String JSON = "application/json;charset=UTF-8";

	static final String HTML = "text/html;charset=UTF-8";

	private final int status;

	private final @Nullable String location;

	private final @Nullable String contentType;

	private final @Nullable String body;

	private final @Nullable String challenge;

	private HttpAnswer(int status, @Nullable String location, @Nullable String contentType, @Nullable String body,
			@Nullable String challenge) {
		this.status = status;
		this.location = location;
		this.contentType = contentType;
		this.body = body;
		this.challenge = challenge;
	}

	/**
	 * @param status a redirect status (302, 303)
	 * @param location where to, a URI reference; sent in its ASCII form (non-ASCII characters percent-encoded)
	 * @return the answer
	 * @throws IllegalArgumentException when the location is not a URI reference
	 */
	static HttpAnswer redirect(int status, String location) {
		return new HttpAnswer(status, URI.create(location).toASCIIString(), null, null, null);
	}

	/**
	 * @param status the status
	 * @param json a JSON document
	 * @return the answer
	 */
	static HttpAnswer json(int status, String json) {
		return new HttpAnswer(status, null, JSON, Objects.requireNonNull(json, "json"), null);
	}

	/**
	 * @param status an error status
	 * @param contentType {@link #JSON} or {@link #HTML}
	 * @param body the document
	 * @param challenge the {@code WWW-Authenticate} value, or {@code null}
	 * @return the answer
	 */
	static HttpAnswer error(int status, String contentType, String body, @Nullable String challenge) {
		return new HttpAnswer(status, null, contentType, body, challenge);
	}

	/**
	 * @return the HTTP status
	 */
	public int status() {
		return this.status;
	}

	/**
	 * @return the {@code Location} header (ASCII), or {@code null} when this is no redirect
	 */
	public @Nullable String location() {
		return this.location;
	}

	/**
	 * @return the {@code Content-Type} header (with {@code charset=UTF-8}), or {@code null} when there is no body
	 */
	public @Nullable String contentType() {
		return this.contentType;
	}

	/**
	 * @return the {@code WWW-Authenticate} header, or {@code null}
	 */
	public @Nullable String wwwAuthenticate() {
		return this.challenge;
	}

	/**
	 * @return the body, or {@code null} when there is none
	 */
	public @Nullable String body() {
		return this.body;
	}

	/**
	 * @return the body in UTF-8, empty when there is none
	 */
	public byte[] bodyBytes() {
		return this.body == null ? new byte[0] : this.body.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		// Never the location: a sign-out redirect carries the ID token as id_token_hint.
		return "HttpAnswer{" + this.status + (this.location != null ? " redirect" : "")
				+ (this.contentType != null ? " " + this.contentType : "") + "}";
	}
}
