package io.github.logtoreactive.example;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.jspecify.annotations.Nullable;
import org.springframework.web.util.HtmlUtils;

/**
 * Small HTML helpers for the server-rendered pages: escaping (every dynamic value goes through {@link #text}),
 * claim values, and the page frame with its stylesheet and the few lines of vanilla JavaScript behind the buttons.
 */
final class Html {

	/** Claims in epoch seconds. */
	private static final Set<String> SECONDS = Set.of("exp", "iat", "nbf", "auth_time");

	/** Logto's claims in epoch milliseconds. */
	private static final Set<String> MILLISECONDS = Set.of("created_at", "updated_at");

	private Html() {
	}

	/**
	 * @param value any text
	 * @return it, escaped for HTML text and attribute values
	 */
	static String text(@Nullable Object value) {
		return value == null ? "" : HtmlUtils.htmlEscape(String.valueOf(value), "UTF-8");
	}

	/**
	 * @param value a query parameter value
	 * @return it, URL-encoded
	 */
	static String query(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/**
	 * @param name a claim name
	 * @param value its value
	 * @return the value as escaped HTML: strings as they are, times with their ISO-8601 form, the rest as JSON
	 */
	static String claim(String name, @Nullable Object value) {
		if (value == null) {
			return "<em>null</em>";
		}
		if (value instanceof Number number && SECONDS.contains(name)) {
			return text(number) + " <span class=\"muted\">(" + Instant.ofEpochSecond(number.longValue()) + ")</span>";
		}
		if (value instanceof Number number && MILLISECONDS.contains(name)) {
			return text(number) + " <span class=\"muted\">(" + Instant.ofEpochMilli(number.longValue()) + ")</span>";
		}
		return "<code>" + text(json(value)) + "</code>";
	}

	@SuppressWarnings("unchecked")
	private static String json(Object value) {
		if (value instanceof String s) {
			return s;
		}
		if (value instanceof Map<?, ?> map) {
			return JSONObjectUtils.toJSONString((Map<String, ?>) map);
		}
		if (value instanceof List<?> list) {
			return JSONArrayUtils.toJSONString((List<Object>) list);
		}
		return String.valueOf(value);
	}

	/**
	 * @param title the page title (plain text)
	 * @param header HTML under the title
	 * @param body the page's HTML
	 * @return the whole document
	 */
	static String page(String title, String header, String body) {
		return """
				<!doctype html>
				<html lang="en">
				<head>
				<meta charset="utf-8">
				<meta name="viewport" content="width=device-width, initial-scale=1">
				<title>%s</title>
				<style>
				:root { --fg:#1f2328; --muted:#656d76; --border:#d0d7de; --accent:#5d34f2; --bg:#f6f8fa; --ok:#1a7f37; --err:#cf222e; }
				* { box-sizing: border-box; }
				body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); margin: 0; background: #fff; }
				header { background: var(--bg); border-bottom: 1px solid var(--border); padding: 1rem 0; }
				header > div, main { max-width: 60rem; margin: 0 auto; padding: 0 1.25rem; }
				h1 { font-size: 1.4rem; margin: 0; } h2 { font-size: 1.15rem; margin: 0 0 .5rem; } h3 { font-size: 1rem; margin: 0 0 .25rem; }
				section { border: 1px solid var(--border); border-radius: 8px; padding: 1rem 1.25rem; margin: 1.25rem 0; }
				.muted { color: var(--muted); } .lead { font-size: 1.05rem; }
				code { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; background: var(--bg); padding: .1rem .3rem; border-radius: 4px; word-break: break-all; }
				.call { display: block; margin: .25rem 0 .75rem; padding: .5rem .75rem; border-left: 3px solid var(--accent); }
				table { border-collapse: collapse; width: 100%%; } th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid var(--border); }
				th { width: 12rem; font-weight: 600; white-space: nowrap; }
				.button, button { display: inline-block; font: inherit; font-weight: 600; padding: .45rem 1rem; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; text-decoration: none; }
				button.secondary { background: #fff; color: var(--accent); }
				.card { border-top: 1px solid var(--border); padding: .75rem 0; } .card:first-of-type { border-top: 0; }
				pre.result { background: var(--bg); border-radius: 6px; padding: .75rem; overflow-x: auto; font-size: 13px; margin: .5rem 0 0; }
				pre.result:empty { display: none; } pre.result.error { border-left: 3px solid var(--err); } pre.result.ok { border-left: 3px solid var(--ok); }
				.row { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
				</style>
				</head>
				<body>
				<header><div><h1>%s</h1>%s</div></header>
				<main>
				%s
				</main>
				<script>
				// Buttons with data-url fetch a JSON endpoint and show the answer (or one field of it) in data-target.
				document.querySelectorAll('button[data-url]').forEach(function (button) {
				  button.addEventListener('click', async function () {
				    var out = document.getElementById(button.dataset.target);
				    out.className = 'result'; out.textContent = 'Loading\\u2026'; delete out.dataset.status;
				    try {
				      var response = await fetch(button.dataset.url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
				      var json = await response.json();
				      var text = '';
				      if (response.ok && button.dataset.token && json[button.dataset.token]) {
				        var token = json[button.dataset.token];
				        text += 'token: ' + token.slice(0, 16) + '\\u2026 (' + token.length + ' characters)\\n';
				      }
				      var shown = response.ok && button.dataset.field ? json[button.dataset.field] : json;
				      text += (response.ok ? '' : 'HTTP ' + response.status + '\\n') + JSON.stringify(shown, null, 2);
				      out.textContent = text;
				      out.classList.add(response.ok ? 'ok' : 'error');
				      out.dataset.status = String(response.status);
				    } catch (e) {
				      out.textContent = 'Request failed: ' + e; out.classList.add('error');
				    }
				  });
				});
				// The stream button reads server-sent events from /api/stream.
				document.querySelectorAll('button[data-stream]').forEach(function (button) {
				  button.addEventListener('click', function () {
				    var out = document.getElementById(button.dataset.target);
				    out.className = 'result ok'; out.textContent = '';
				    var source = new EventSource(button.dataset.stream);
				    source.onmessage = function (event) { out.textContent += event.data + '\\n'; };
				    source.addEventListener('error', function (event) {
				      if (event.data) { out.textContent += 'error: ' + event.data + '\\n'; out.classList.add('error'); }
				      source.close();
				    });
				  });
				});
				</script>
				</body>
				</html>
				""".formatted(text(title), text(title), header, body);
	}
}
