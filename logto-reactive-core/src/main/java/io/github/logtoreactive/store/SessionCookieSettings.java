package io.github.logtoreactive.store;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.github.logtoreactive.LogtoConfigurationException;

/**
 * How session cookies are named, scoped and timed, and the one place that builds them as {@link SetCookie}s (whose
 * {@link SetCookie#wireLength()} is the exact length of the line sent). Immutable and thread-safe; build once and
 * share.
 *
 * <pre>{@code
 * SessionCookieSettings settings = SessionCookieSettings.builder()
 *     .hostPrefix(true)                    // __Host-logto_session: Secure, Path=/, no Domain
 *     .idleTimeout(Duration.ofDays(14))
 *     .absoluteTimeout(Duration.ofDays(30))
 *     .build();
 * }</pre>
 *
 * <p>
 * Defaults: name {@code logto_session}, {@code Path=/}, no {@code Domain}, {@code SameSite=Lax}, {@code Secure},
 * {@code HttpOnly} (always, not configurable), idle timeout 14 days (Logto's default refresh-token lifetime and
 * {@code @logto/next}'s cookie {@code Max-Age}), absolute timeout 30 days, {@code Max-Age} = the idle timeout (capped
 * at what is left of the absolute timeout), at most 4 chunks, sign-in transactions live 10 minutes.
 *
 * <p>
 * <b>Request header size.</b> Every chunk is up to 4 KB in every request. Reactor Netty and Spring Boot accept 8 KB
 * of request headers by default ({@code server.max-http-request-header-size}): allow {@link #maxChunks()} times 4 KB
 * more (the Spring Boot starter does so), or a browser with a large session gets {@code 431} and cannot even sign
 * out; or use an external store.
 *
 * <p>
 * {@link Builder#build()} fails fast with {@link LogtoConfigurationException} naming the setting: {@code SameSite=None}
 * without {@code Secure}, a {@code __Host-} prefix with {@code Secure=false}, a path other than {@code /} or a domain,
 * an idle timeout longer than the absolute one, invalid names.
 */
public final class SessionCookieSettings {

	/** The {@code __Host-} cookie-name prefix. */
	public static final String HOST_PREFIX = "__Host-";

	private final String name;

	private final String transactionName;

	private final String path;

	private final @Nullable String domain;

	private final SameSite sameSite;

	private final boolean secure;

	private final boolean hostPrefix;

	private final Duration idleTimeout;

	private final Duration absoluteTimeout;

	private final Duration maxAge;

	private final int maxChunks;

	private final Duration transactionTtl;

	private SessionCookieSettings(Builder b, Duration maxAge) {
		String prefix = b.hostPrefix ? HOST_PREFIX : "";
		this.name = prefix + b.name;
		this.transactionName = prefix + b.transactionName;
		this.path = b.path;
		this.domain = b.domain;
		this.sameSite = b.sameSite;
		this.secure = b.secure;
		this.hostPrefix = b.hostPrefix;
		this.idleTimeout = b.idleTimeout;
		this.absoluteTimeout = b.absoluteTimeout;
		this.maxAge = maxAge;
		this.maxChunks = b.maxChunks;
		this.transactionTtl = b.transactionTtl;
	}

	/**
	 * @return a builder with the defaults
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * @return the defaults
	 */
	public static SessionCookieSettings defaults() {
		return builder().build();
	}

	/**
	 * @return the session cookie's name as sent, {@code __Host-} prefix included; chunks are {@code name.1},
	 * {@code name.2}, ...
	 */
	public String cookieName() {
		return this.name;
	}

	/**
	 * @param index the chunk index, 0 for the first
	 * @return the cookie name of that chunk
	 */
	public String chunkName(int index) {
		return (index == 0) ? this.name : this.name + "." + index;
	}

	/**
	 * @return the prefix of sign-in transaction cookie names as sent ({@code logto_tx_}, {@code __Host-} prefix
	 * included); the rest is derived from the {@code state}
	 */
	public String transactionCookiePrefix() {
		return this.transactionName;
	}

	/**
	 * @return the {@code Path} attribute
	 */
	public String path() {
		return this.path;
	}

	/**
	 * @return the {@code Domain} attribute, or {@code null} for a host-only cookie
	 */
	public @Nullable String domain() {
		return this.domain;
	}

	/**
	 * @return the {@code SameSite} attribute of the session cookies
	 */
	public SameSite sameSite() {
		return this.sameSite;
	}

	/**
	 * @return whether cookies carry {@code Secure}
	 */
	public boolean secure() {
		return this.secure;
	}

	/**
	 * @return whether names carry the {@code __Host-} prefix
	 */
	public boolean hostPrefix() {
		return this.hostPrefix;
	}

	/**
	 * @return the longest time a session may go without being written
	 */
	public Duration idleTimeout() {
		return this.idleTimeout;
	}

	/**
	 * @return the longest time a session may live from sign-in
	 */
	public Duration absoluteTimeout() {
		return this.absoluteTimeout;
	}

	/**
	 * @return the {@code Max-Age} of session cookies (capped per write at what is left of the absolute timeout)
	 */
	public Duration maxAge() {
		return this.maxAge;
	}

	/**
	 * @return the most cookies one session may be split into
	 */
	public int maxChunks() {
		return this.maxChunks;
	}

	/**
	 * @return how long a sign-in transaction cookie lives
	 */
	public Duration transactionTtl() {
		return this.transactionTtl;
	}

	/**
	 * @param cookieName the cookie name
	 * @param value the cookie value (already cookie-safe)
	 * @param maxAge the lifetime, rounded down to seconds (0 deletes the cookie)
	 * @return the cookie with this scope and the session's {@code SameSite}
	 */
	SetCookie cookie(String cookieName, String value, Duration maxAge) {
		return cookie(cookieName, value, maxAge, this.sameSite);
	}

	/**
	 * @param cookieName the cookie to delete
	 * @return a cookie that deletes it: empty value, {@code Max-Age=0}, same scope
	 */
	SetCookie deletion(String cookieName) {
		return cookie(cookieName, "", Duration.ZERO, this.sameSite);
	}

	SetCookie cookie(String cookieName, String value, Duration maxAge, SameSite site) {
		return SetCookie.builder(cookieName, value)
			.maxAge(maxAge.isNegative() ? Duration.ZERO : maxAge)
			.path(this.path)
			.domain(this.domain)
			.secure(this.secure)
			.httpOnly(true)
			.sameSite(site)
			.build();
	}

	/**
	 * @return the {@code SameSite} of transaction cookies: {@code Lax} unless the session's is {@code None}
	 */
	SameSite transactionSameSite() {
		return (this.sameSite == SameSite.NONE) ? SameSite.NONE : SameSite.LAX;
	}

	@Override
	public boolean equals(@Nullable Object o) {
		return o instanceof SessionCookieSettings other && this.name.equals(other.name)
				&& this.transactionName.equals(other.transactionName) && this.path.equals(other.path)
				&& Objects.equals(this.domain, other.domain) && this.sameSite == other.sameSite
				&& this.secure == other.secure && this.hostPrefix == other.hostPrefix
				&& this.idleTimeout.equals(other.idleTimeout) && this.absoluteTimeout.equals(other.absoluteTimeout)
				&& this.maxAge.equals(other.maxAge) && this.maxChunks == other.maxChunks
				&& this.transactionTtl.equals(other.transactionTtl);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.name, this.path, this.domain, this.sameSite, this.idleTimeout, this.maxChunks);
	}

	@Override
	public String toString() {
		return "SessionCookieSettings{name=" + this.name + ", path=" + this.path + ", domain=" + this.domain
				+ ", sameSite=" + this.sameSite + ", secure=" + this.secure + ", idleTimeout=" + this.idleTimeout
				+ ", absoluteTimeout=" + this.absoluteTimeout + ", maxAge=" + this.maxAge + ", maxChunks="
				+ this.maxChunks + ", transactionTtl=" + this.transactionTtl + "}";
	}

	/**
	 * Builds {@link SessionCookieSettings}; {@link #build()} validates everything at once.
	 */
	public static final class Builder {

		private String name = "logto_session";

		private String transactionName = "logto_tx_";

		private String path = "/";

		private @Nullable String domain;

		private SameSite sameSite = SameSite.LAX;

		private boolean secure = true;

		private boolean hostPrefix;

		private Duration idleTimeout = Duration.ofDays(14);

		private Duration absoluteTimeout = Duration.ofDays(30);

		private @Nullable Duration maxAge;

		private int maxChunks = 4;

		private Duration transactionTtl = Duration.ofMinutes(10);

		private Builder() {
		}

		/**
		 * @param name the session cookie name without any {@code __Host-} prefix (default {@code logto_session})
		 * @return this builder
		 */
		public Builder name(String name) {
			this.name = name;
			return this;
		}

		/**
		 * @param prefix the transaction cookie name prefix without any {@code __Host-} prefix (default
		 * {@code logto_tx_})
		 * @return this builder
		 */
		public Builder transactionCookiePrefix(String prefix) {
			this.transactionName = prefix;
			return this;
		}

		/**
		 * @param path the {@code Path} attribute (default {@code /})
		 * @return this builder
		 */
		public Builder path(String path) {
			this.path = path;
			return this;
		}

		/**
		 * @param domain the {@code Domain} attribute, or {@code null} for a host-only cookie (default)
		 * @return this builder
		 */
		public Builder domain(@Nullable String domain) {
			this.domain = domain;
			return this;
		}

		/**
		 * @param sameSite the {@code SameSite} attribute (default {@code Lax})
		 * @return this builder
		 */
		public Builder sameSite(SameSite sameSite) {
			this.sameSite = sameSite;
			return this;
		}

		/**
		 * @param secure whether to send {@code Secure} (default {@code true}; browsers accept secure cookies on
		 * {@code http://localhost})
		 * @return this builder
		 */
		public Builder secure(boolean secure) {
			this.secure = secure;
			return this;
		}

		/**
		 * @param hostPrefix whether to prefix names with {@code __Host-} (requires {@code Secure}, {@code Path=/}, no
		 * {@code Domain}); default {@code false}
		 * @return this builder
		 */
		public Builder hostPrefix(boolean hostPrefix) {
			this.hostPrefix = hostPrefix;
			return this;
		}

		/**
		 * @param idleTimeout the longest time a session may go without being written (default 14 days)
		 * @return this builder
		 */
		public Builder idleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
			return this;
		}

		/**
		 * @param absoluteTimeout the longest time a session may live from sign-in (default 30 days)
		 * @return this builder
		 */
		public Builder absoluteTimeout(Duration absoluteTimeout) {
			this.absoluteTimeout = absoluteTimeout;
			return this;
		}

		/**
		 * @param maxAge the cookies' {@code Max-Age}, or {@code null} for the idle timeout (default)
		 * @return this builder
		 */
		public Builder maxAge(@Nullable Duration maxAge) {
			this.maxAge = maxAge;
			return this;
		}

		/**
		 * @param maxChunks the most cookies one session may be split into, 1 to 32 (default 4)
		 * @return this builder
		 */
		public Builder maxChunks(int maxChunks) {
			this.maxChunks = maxChunks;
			return this;
		}

		/**
		 * @param transactionTtl how long a sign-in may take, from redirect to callback (default 10 minutes)
		 * @return this builder
		 */
		public Builder transactionTtl(Duration transactionTtl) {
			this.transactionTtl = transactionTtl;
			return this;
		}

		/**
		 * @return the settings
		 * @throws LogtoConfigurationException naming the setting at fault
		 */
		public SessionCookieSettings build() {
			requireToken("cookie.name", this.name);
			requireToken("cookie.transaction-cookie-prefix", this.transactionName);
			if (this.path == null || !this.path.startsWith("/") || !isAttributeValue(this.path)) {
				throw new LogtoConfigurationException("cookie.path",
						"cookie.path must start with '/' and contain no ';', spaces or control characters");
			}
			if (this.domain != null && (this.domain.isBlank() || !isAttributeValue(this.domain))) {
				throw new LogtoConfigurationException("cookie.domain",
						"cookie.domain must be a host name without ';' or spaces, or unset for a host-only cookie");
			}
			Objects.requireNonNull(this.sameSite, "sameSite");
			if (this.sameSite == SameSite.NONE && !this.secure) {
				throw new LogtoConfigurationException("cookie.secure",
						"SameSite=None requires Secure: set cookie.secure=true or choose SameSite Lax or Strict");
			}
			if (this.hostPrefix) {
				if (!this.secure) {
					throw new LogtoConfigurationException("cookie.secure",
							"The __Host- prefix requires Secure: set cookie.secure=true or cookie.host-prefix=false");
				}
				if (!"/".equals(this.path)) {
					throw new LogtoConfigurationException("cookie.path",
							"The __Host- prefix requires Path=/: set cookie.path=/ or cookie.host-prefix=false");
				}
				if (this.domain != null) {
					throw new LogtoConfigurationException("cookie.domain",
							"The __Host- prefix forbids a Domain: unset cookie.domain or set cookie.host-prefix=false");
				}
			}
			requirePositive("cookie.idle-timeout", this.idleTimeout);
			requirePositive("cookie.absolute-timeout", this.absoluteTimeout);
			if (this.idleTimeout.compareTo(this.absoluteTimeout) > 0) {
				throw new LogtoConfigurationException("cookie.idle-timeout",
						"cookie.idle-timeout must not exceed cookie.absolute-timeout");
			}
			if (this.maxAge != null) {
				requirePositive("cookie.max-age", this.maxAge);
			}
			if (this.maxChunks < 1 || this.maxChunks > 32) {
				throw new LogtoConfigurationException("cookie.max-chunks", "cookie.max-chunks must be within 1..32");
			}
			requirePositive("cookie.transaction-ttl", this.transactionTtl);
			return new SessionCookieSettings(this, (this.maxAge != null) ? this.maxAge : this.idleTimeout);
		}

		private static void requirePositive(String field, @Nullable Duration value) {
			if (value == null || value.isNegative() || value.getSeconds() < 1) {
				throw new LogtoConfigurationException(field, field + " must be at least one second");
			}
			if (value.compareTo(SetCookie.LONGEST_MAX_AGE) > 0) {
				throw new LogtoConfigurationException(field, field + " must not exceed 100 years (36500d)");
			}
		}

		private static void requireToken(String field, @Nullable String value) {
			if (value == null || value.isEmpty()) {
				throw new LogtoConfigurationException(field, field + " must not be empty");
			}
			for (int i = 0; i < value.length(); i++) {
				char c = value.charAt(i);
				boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
						|| "!#$%&'*+-^_`|~".indexOf(c) >= 0;
				if (!ok) {
					throw new LogtoConfigurationException(field,
							field + " may only contain letters, digits and !#$%&'*+-^_`|~");
				}
			}
		}

		private static boolean isAttributeValue(String value) {
			for (int i = 0; i < value.length(); i++) {
				char c = value.charAt(i);
				if (c <= ' ' || c >= 0x7f || c == ';' || c == ',') {
					return false;
				}
			}
			return true;
		}
	}
}
