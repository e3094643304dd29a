package io.github.logtoreactive.store;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A cookie the server is to set: its name, value and attributes, and the exact length of the {@code Set-Cookie}
 * header line a server writes for it. The cookie codecs return these; an adapter maps them onto its framework's
 * cookie type (WebFlux: {@code ResponseCookie}) without parsing any text. Immutable and thread-safe; building one is
 * pure CPU work and never blocks.
 *
 * <p>
 * <b>The line on the wire.</b> Every cookie has a {@code Max-Age} ({@code 0} deletes it), and a server derives
 * {@code Expires} from it, so the line is
 *
 * <pre>
 * Set-Cookie: name=value; Max-Age=N; Expires=Sun, 06 Nov 1994 08:49:37 GMT; Path=p[; Domain=d][; Secure][; HttpOnly]; SameSite=s
 * </pre>
 *
 * which is, up to the case of {@code set-cookie} and {@code HTTPOnly}, byte for byte what Reactor Netty writes for it
 * through Spring's {@code ReactorServerHttpResponse} (Netty's {@code ServerCookieEncoder}, which adds the
 * {@code Expires}).
 * {@link #wireLength()} is the length of that line, so a budget checked against it is checked against what the
 * browser receives. The {@code Expires} date is an IMF-fixdate (RFC 9110 section 5.6.7), always 29 characters: the
 * {@code Max-Age} is at most {@link #LONGEST_MAX_AGE} so that its year keeps four digits.
 *
 * <pre>{@code
 * SetCookie cookie = SetCookie.builder("logto_session", value)
 *     .maxAge(Duration.ofDays(14))
 *     .sameSite(SameSite.LAX)
 *     .build();
 * boolean fits = cookie.wireLength() <= SetCookie.MAX_LINE_BYTES;
 * }</pre>
 */
public final class SetCookie {

	/**
	 * The longest {@code Set-Cookie} line, {@code "Set-Cookie: "} and every attribute included, that the codecs write:
	 * browsers keep at least 4096 bytes per cookie (RFC 6265 section 6.1).
	 */
	public static final int MAX_LINE_BYTES = 4096;

	/** The longest {@code Max-Age} a cookie may have: 100 years (the {@code Expires} year keeps four digits). */
	public static final Duration LONGEST_MAX_AGE = Duration.ofDays(36_500);

	private static final int HEADER_NAME = "Set-Cookie: ".length();

	private static final int MAX_AGE = "; Max-Age=".length();

	private static final int EXPIRES = "; Expires=".length() + "Sun, 06 Nov 1994 08:49:37 GMT".length();

	private static final int PATH = "; Path=".length();

	private static final int DOMAIN = "; Domain=".length();

	private static final int SECURE = "; Secure".length();

	private static final int HTTP_ONLY = "; HttpOnly".length();

	private static final int SAME_SITE = "; SameSite=".length();

	private final String name;

	private final String value;

	private final long maxAgeSeconds;

	private final String path;

	private final @Nullable String domain;

	private final boolean secure;

	private final boolean httpOnly;

	private final SameSite sameSite;

	private final int wireLength;

	private SetCookie(Builder b, long maxAgeSeconds) {
		this.name = b.name;
		this.value = b.value;
		this.maxAgeSeconds = maxAgeSeconds;
		this.path = b.path;
		this.domain = b.domain;
		this.secure = b.secure;
		this.httpOnly = b.httpOnly;
		this.sameSite = b.sameSite;
		this.wireLength = HEADER_NAME + this.name.length() + 1 + this.value.length() + MAX_AGE
				+ Long.toString(maxAgeSeconds).length() + EXPIRES + PATH + this.path.length()
				+ ((this.domain != null) ? DOMAIN + this.domain.length() : 0) + (this.secure ? SECURE : 0)
				+ (this.httpOnly ? HTTP_ONLY : 0) + SAME_SITE + this.sameSite.attribute().length();
	}

	/**
	 * @param name the cookie name (an RFC 6265 token)
	 * @param value the cookie value (RFC 6265 cookie-octets, may be empty)
	 * @return a builder: {@code Path=/}, no {@code Domain}, {@code Secure}, {@code HttpOnly}, {@code SameSite=Lax};
	 * the {@code Max-Age} must be set
	 */
	public static Builder builder(String name, String value) {
		return new Builder(name, value);
	}

	/**
	 * @return the cookie name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * @return the cookie value, empty for a deletion
	 */
	public String value() {
		return this.value;
	}

	/**
	 * @return the {@code Max-Age}, whole seconds; zero deletes the cookie
	 */
	public Duration maxAge() {
		return Duration.ofSeconds(this.maxAgeSeconds);
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
	 * @return whether the cookie carries {@code Secure}
	 */
	public boolean secure() {
		return this.secure;
	}

	/**
	 * @return whether the cookie carries {@code HttpOnly}
	 */
	public boolean httpOnly() {
		return this.httpOnly;
	}

	/**
	 * @return the {@code SameSite} attribute
	 */
	public SameSite sameSite() {
		return this.sameSite;
	}

	/**
	 * @return whether this deletes the cookie ({@code Max-Age=0})
	 */
	public boolean isDeletion() {
		return this.maxAgeSeconds == 0;
	}

	/**
	 * @return the length in bytes of the header line a server writes for this cookie, {@code "Set-Cookie: "} and the
	 * derived {@code Expires} included, without the line's CRLF
	 */
	public int wireLength() {
		return this.wireLength;
	}

	@Override
	public boolean equals(@Nullable Object o) {
		return o instanceof SetCookie other && this.name.equals(other.name) && this.value.equals(other.value)
				&& this.maxAgeSeconds == other.maxAgeSeconds && this.path.equals(other.path)
				&& Objects.equals(this.domain, other.domain) && this.secure == other.secure
				&& this.httpOnly == other.httpOnly && this.sameSite == other.sameSite;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.name, this.value, this.maxAgeSeconds, this.path, this.domain, this.sameSite);
	}

	/**
	 * @return the name and attributes; the value is never shown (it holds encrypted tokens), only its length
	 */
	@Override
	public String toString() {
		return "SetCookie{" + this.name + ", value=" + this.value.length() + " chars, Max-Age=" + this.maxAgeSeconds
				+ ", Path=" + this.path + ((this.domain != null) ? ", Domain=" + this.domain : "")
				+ (this.secure ? ", Secure" : "") + (this.httpOnly ? ", HttpOnly" : "") + ", SameSite="
				+ this.sameSite.attribute() + ", wireLength=" + this.wireLength + "}";
	}

	/**
	 * Builds a {@link SetCookie}; {@link #build()} validates it.
	 */
	public static final class Builder {

		private final String name;

		private final String value;

		private @Nullable Duration maxAge;

		private String path = "/";

		private @Nullable String domain;

		private boolean secure = true;

		private boolean httpOnly = true;

		private SameSite sameSite = SameSite.LAX;

		private Builder(String name, String value) {
			this.name = Objects.requireNonNull(name, "name");
			this.value = Objects.requireNonNull(value, "value");
		}

		/**
		 * @param maxAge the lifetime, rounded down to whole seconds: zero deletes the cookie, at most
		 * {@link SetCookie#LONGEST_MAX_AGE}
		 * @return this builder
		 */
		public Builder maxAge(Duration maxAge) {
			this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
			return this;
		}

		/**
		 * @param path the {@code Path} attribute (default {@code /})
		 * @return this builder
		 */
		public Builder path(String path) {
			this.path = Objects.requireNonNull(path, "path");
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
		 * @param secure whether to send {@code Secure} (default {@code true})
		 * @return this builder
		 */
		public Builder secure(boolean secure) {
			this.secure = secure;
			return this;
		}

		/**
		 * @param httpOnly whether to send {@code HttpOnly} (default {@code true})
		 * @return this builder
		 */
		public Builder httpOnly(boolean httpOnly) {
			this.httpOnly = httpOnly;
			return this;
		}

		/**
		 * @param sameSite the {@code SameSite} attribute (default {@code Lax})
		 * @return this builder
		 */
		public Builder sameSite(SameSite sameSite) {
			this.sameSite = Objects.requireNonNull(sameSite, "sameSite");
			return this;
		}

		/**
		 * @return the cookie
		 * @throws IllegalArgumentException when the name is not a token, the value not cookie-octets, the path or
		 * domain empty or not visible ASCII without {@code ;} and {@code ,}, or the {@code Max-Age} unset, negative
		 * or longer than {@link SetCookie#LONGEST_MAX_AGE}
		 */
		public SetCookie build() {
			Duration age = this.maxAge;
			if (age == null || age.isNegative() || age.compareTo(LONGEST_MAX_AGE) > 0) {
				throw new IllegalArgumentException("a cookie's Max-Age must be set, within 0 and 100 years");
			}
			if (!isToken(this.name)) {
				throw new IllegalArgumentException("a cookie name must be an RFC 6265 token");
			}
			if (!isCookieValue(this.value)) {
				throw new IllegalArgumentException("a cookie value must be RFC 6265 cookie-octets");
			}
			if (!isAttributeValue(this.path) || (this.domain != null && !isAttributeValue(this.domain))) {
				throw new IllegalArgumentException(
						"a cookie's Path and Domain must be visible ASCII without ';' or ',', and not empty");
			}
			return new SetCookie(this, age.getSeconds());
		}

		private static boolean isToken(String s) {
			if (s.isEmpty()) {
				return false;
			}
			for (int i = 0; i < s.length(); i++) {
				char c = s.charAt(i);
				boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
						|| "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
				if (!ok) {
					return false;
				}
			}
			return true;
		}

		/** RFC 6265 cookie-octet: %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E. */
		private static boolean isCookieValue(String s) {
			for (int i = 0; i < s.length(); i++) {
				char c = s.charAt(i);
				if (c < 0x21 || c > 0x7e || c == '"' || c == ',' || c == ';' || c == '\\') {
					return false;
				}
			}
			return true;
		}

		private static boolean isAttributeValue(String s) {
			if (s.isEmpty()) {
				return false;
			}
			for (int i = 0; i < s.length(); i++) {
				char c = s.charAt(i);
				if (c <= ' ' || c >= 0x7f || c == ';' || c == ',') {
					return false;
				}
			}
			return true;
		}
	}
}
