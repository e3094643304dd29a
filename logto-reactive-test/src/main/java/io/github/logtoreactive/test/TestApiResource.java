package io.github.logtoreactive.test;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * An API resource (RFC 8707 resource indicator) with its permission scopes, as registered in Logto's console.
 *
 * <p>Access tokens for a resource are JWTs with {@code aud} = the indicator. Immutable; build one with
 * {@link #builder(String)}:
 * <pre>{@code
 * TestApiResource api = TestApiResource.builder("https://api.example.com")
 *     .scopes("read", "write").accessTokenTtl(Duration.ofHours(1)).build();
 * }</pre>
 */
public final class TestApiResource {

	private final String indicator;
	private final String name;
	private final Set<String> scopes;
	private final Duration accessTokenTtl;
	private final boolean defaultResource;

	private TestApiResource(Builder builder) {
		this.indicator = builder.indicator;
		this.name = (builder.name != null) ? builder.name : builder.indicator;
		this.scopes = Collections.unmodifiableSet(new LinkedHashSet<>(builder.scopes));
		this.accessTokenTtl = builder.accessTokenTtl;
		this.defaultResource = builder.defaultResource;
	}

	/**
	 * Starts building an API resource.
	 * @param indicator the resource indicator, an absolute URI without fragment (e.g. {@code https://api.example.com})
	 * @return a new builder
	 * @throws IllegalArgumentException if the indicator is not an absolute URI or has a fragment
	 */
	public static Builder builder(String indicator) {
		return new Builder(indicator);
	}

	/** @return the resource indicator, the {@code aud} of its access tokens */
	public String indicator() {
		return this.indicator;
	}

	/** @return the display name (defaults to the indicator) */
	public String name() {
		return this.name;
	}

	/** @return the permission scopes this resource defines, in definition order */
	public Set<String> scopes() {
		return this.scopes;
	}

	/**
	 * The lifetime of access tokens for this resource.
	 * @return the TTL, or {@code null} to use the server's {@link LogtoTestServer.Builder#accessTokenTtl(Duration)}
	 */
	public Duration accessTokenTtl() {
		return this.accessTokenTtl;
	}

	/**
	 * Whether this is the tenant's default API resource, used by {@code client_credentials} when no
	 * {@code resource} is sent.
	 * @return {@code true} for the default resource
	 */
	public boolean defaultResource() {
		return this.defaultResource;
	}

	@Override
	public String toString() {
		return "TestApiResource{" + this.indicator + ", scopes=" + this.scopes + "}";
	}

	/** Builds a {@link TestApiResource}. Not thread-safe. */
	public static final class Builder {

		private final String indicator;
		private String name;
		private final Set<String> scopes = new LinkedHashSet<>();
		private Duration accessTokenTtl;
		private boolean defaultResource;

		private Builder(String indicator) {
			Names.requireText(indicator, "resource indicator");
			URI uri;
			try {
				uri = URI.create(indicator);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("resource indicator must be an absolute URI: " + indicator, ex);
			}
			if (!uri.isAbsolute() || uri.getRawFragment() != null) {
				throw new IllegalArgumentException(
						"resource indicator must be an absolute URI without fragment: " + indicator);
			}
			this.indicator = indicator;
		}

		/**
		 * @param name the display name
		 * @return this builder
		 */
		public Builder name(String name) {
			this.name = name;
			return this;
		}

		/**
		 * Adds permission scopes.
		 * @param scopes the scope names, e.g. {@code read}, {@code write}
		 * @return this builder
		 */
		public Builder scopes(String... scopes) {
			this.scopes.addAll(Names.requireTexts(Arrays.asList(scopes), "scope"));
			return this;
		}

		/**
		 * @param accessTokenTtl the lifetime of access tokens for this resource (Logto's default is 1 hour)
		 * @return this builder
		 */
		public Builder accessTokenTtl(Duration accessTokenTtl) {
			Objects.requireNonNull(accessTokenTtl, "accessTokenTtl");
			if (accessTokenTtl.isNegative() || accessTokenTtl.isZero()) {
				throw new IllegalArgumentException("accessTokenTtl must be positive");
			}
			this.accessTokenTtl = accessTokenTtl;
			return this;
		}

		/**
		 * @param defaultResource whether this is the default API resource
		 * @return this builder
		 */
		public Builder defaultResource(boolean defaultResource) {
			this.defaultResource = defaultResource;
			return this;
		}

		/** @return a new immutable API resource */
		public TestApiResource build() {
			return new TestApiResource(this);
		}
	}
}
