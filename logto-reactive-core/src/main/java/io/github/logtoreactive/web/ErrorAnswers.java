package io.github.logtoreactive.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.logtoreactive.LogtoHttpError;
import org.jspecify.annotations.Nullable;

/**
 * Error answers, alike wherever they come from (a route, a handler's failure, a security chain): an HTML page for
 * browsers ({@link RouteRequest#prefersHtml()}), else {@code {"error": "<code>", "message": "...", "status":
 * <status>}}; a 401 also carries {@code WWW-Authenticate} naming the sign-in route (and its page links to it), or
 * {@code Bearer} for an API without sign-in ({@link #withoutSignIn()}). Every text is escaped in HTML and encoded in
 * JSON. Get them from {@link LogtoRouteHandler#errors()}. Immutable; never blocks.
 */
public final class ErrorAnswers {

	private static final ErrorAnswers WITHOUT_SIGN_IN = new ErrorAnswers(null);

	private final @Nullable AppUrls urls;

	/**
	 * @param urls the application's URLs, or {@code null} when it signs nobody in
	 */
	ErrorAnswers(@Nullable AppUrls urls) {
		this.urls = urls;
	}

	/**
	 * @return the error answers of an API that signs nobody in and only accepts bearer tokens: a 401 challenges with
	 * {@code Bearer} and its page has no sign-in link
	 */
	public static ErrorAnswers withoutSignIn() {
		return WITHOUT_SIGN_IN;
	}

	/**
	 * @param request the request
	 * @param error the error
	 * @return the answer; a 401 challenges with the sign-in route ({@code Logto realm="<base URL>",
	 * sign_in_uri="<path>"}), or with {@code Bearer} without sign-in
	 */
	public HttpAnswer answer(RouteRequest request, LogtoHttpError error) {
		String challenge = null;
		if (error.status() == 401) {
			challenge = this.urls == null ? "Bearer" : "Logto realm=\"" + this.urls.realm(request)
					+ "\", sign_in_uri=\"" + this.urls.signInRoute() + "\"";
		}
		return answer(request, error, challenge);
	}

	/**
	 * @param request the request
	 * @param error the error
	 * @param challenge the {@code WWW-Authenticate} value (e.g. {@code Bearer error="invalid_token"}), or
	 * {@code null} for none
	 * @return the answer
	 */
	public HttpAnswer answer(RouteRequest request, LogtoHttpError error, @Nullable String challenge) {
		Objects.requireNonNull(error, "error");
		if (request.prefersHtml()) {
			return HttpAnswer.error(error.status(), HttpAnswer.HTML, page(request, error), challenge);
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", error.code());
		body.put("message", error.message());
		body.put("status", error.status());
		return HttpAnswer.error(error.status(), HttpAnswer.JSON, JSONObjectUtils.toJSONString(body), challenge);
	}

	private String page(RouteRequest request, LogtoHttpError error) {
		String signIn = error.status() == 401 && this.urls != null ? "<p><a id=\"logto-sign-in\" href=\""
				+ escape(this.urls.signInPath(request)) + "\">Sign in</a></p>" : "";
		String title = error.status() + " " + escape(reasonPhrase(error.status()));
		return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title + "</title>"
				+ "<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222}"
				+ "code{background:#f3f3f3;padding:.1rem .3rem;border-radius:4px}</style></head><body>"
				+ "<h1>" + title + "</h1>"
				+ "<p id=\"logto-error-message\">" + escape(error.message()) + "</p>"
				+ "<p>Reason: <code id=\"logto-error-code\">" + escape(error.code()) + "</code></p>"
				+ signIn + "<p><a href=\"/\">Back to the home page</a></p></body></html>";
	}

	/**
	 * @param text any text
	 * @return the text with {@code & < > " '} escaped for HTML content and attribute values
	 */
	static String escape(String text) {
		StringBuilder escaped = null;
		for (int i = 0; i < text.length(); i++) {
			String entity = switch (text.charAt(i)) {
				case '&' -> "&amp;";
				case '<' -> "&lt;";
				case '>' -> "&gt;";
				case '"' -> "&quot;";
				case '\'' -> "&#39;";
				default -> null;
			};
			if (entity != null && escaped == null) {
				escaped = new StringBuilder(text.length() + 16).append(text, 0, i);
			}
			if (escaped != null) {
				if (entity != null) {
					escaped.append(entity);
				}
				else {
					escaped.append(text.charAt(i));
				}
			}
		}
		return escaped == null ? text : escaped.toString();
	}

	/**
	 * @param status an error status, 400..599
	 * @return its reason phrase (RFC 9110), or {@code "Error"} for a status without one
	 */
	static String reasonPhrase(int status) {
		return switch (status) {
			case 400 -> "Bad Request";
			case 401 -> "Unauthorized";
			case 402 -> "Payment Required";
			case 403 -> "Forbidden";
			case 404 -> "Not Found";
			case 405 -> "Method Not Allowed";
			case 406 -> "Not Acceptable";
			case 407 -> "Proxy Authentication Required";
			case 408 -> "Request Timeout";
			case 409 -> "Conflict";
			case 410 -> "Gone";
			case 411 -> "Length Required";
			case 412 -> "Precondition Failed";
			case 413 -> "Content Too Large";
			case 414 -> "URI Too Long";
			case 415 -> "Unsupported Media Type";
			case 416 -> "Requested range not satisfiable";
			case 417 -> "Expectation Failed";
			case 418 -> "I'm a teapot";
			case 421 -> "Misdirected Request";
			case 422 -> "Unprocessable Content";
			case 423 -> "Locked";
			case 424 -> "Failed Dependency";
			case 425 -> "Too Early";
			case 426 -> "Upgrade Required";
			case 428 -> "Precondition Required";
			case 429 -> "Too Many Requests";
			case 431 -> "Request Header Fields Too Large";
			case 451 -> "Unavailable For Legal Reasons";
			case 500 -> "Internal Server Error";
			case 501 -> "Not Implemented";
			case 502 -> "Bad Gateway";
			case 503 -> "Service Unavailable";
			case 504 -> "Gateway Timeout";
			case 505 -> "HTTP Version not supported";
			case 506 -> "Variant Also Negotiates";
			case 507 -> "Insufficient Storage";
			case 508 -> "Loop Detected";
			case 509 -> "Bandwidth Limit Exceeded";
			case 510 -> "Not Extended";
			case 511 -> "Network Authentication Required";
			default -> "Error";
		};
	}
}
