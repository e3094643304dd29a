package io.github.logtoreactive.test.internal;

/** HTML escaping and the shared page frame of the server's pages. */
final class Html {

	private static final String STYLE = """
			body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f6f7f9;color:#1f2328;\
			margin:0;display:flex;justify-content:center;padding:48px 16px}\
			main{background:#fff;border:1px solid #d8dee4;border-radius:12px;padding:32px;width:100%;max-width:420px;\
			box-shadow:0 1px 3px rgba(0,0,0,.06)}\
			h1{font-size:1.35rem;margin:0 0 4px}p.hint{color:#59636e;margin:0 0 24px;font-size:.9rem}\
			ul{list-style:none;padding:0;margin:0 0 16px}li{margin:0 0 8px}\
			button{font:inherit;cursor:pointer;border-radius:8px;padding:10px 14px;width:100%;text-align:left;\
			border:1px solid #d8dee4;background:#fff}button:hover{border-color:#5d34f2}\
			button.primary{background:#5d34f2;border-color:#5d34f2;color:#fff;text-align:center}\
			button.secondary{text-align:center;color:#59636e}\
			.user-name{font-weight:600;display:block}.user-detail{color:#59636e;font-size:.85rem}\
			label{display:block;font-size:.85rem;margin:12px 0 4px}\
			input[type=text],input[type=password]{font:inherit;width:100%;box-sizing:border-box;padding:9px 12px;\
			border:1px solid #d8dee4;border-radius:8px}\
			.error{background:#ffebe9;border:1px solid #ff8182;border-radius:8px;padding:10px 12px;margin:0 0 16px}\
			hr{border:0;border-top:1px solid #d8dee4;margin:20px 0}footer{color:#8c959f;font-size:.75rem;margin-top:20px}""";

	private Html() {
	}

	/** Escapes text for element content and quoted attribute values. */
	static String escape(String text) {
		if (text == null) {
			return "";
		}
		StringBuilder escaped = new StringBuilder(text.length() + 16);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '&' -> escaped.append("&amp;");
				case '<' -> escaped.append("&lt;");
				case '>' -> escaped.append("&gt;");
				case '"' -> escaped.append("&quot;");
				case '\'' -> escaped.append("&#39;");
				default -> escaped.append(c);
			}
		}
		return escaped.toString();
	}

	/** Wraps a body in the page frame; {@code title} is escaped, {@code body} must already be safe HTML. */
	static String page(String title, String body) {
		return """
				<!DOCTYPE html>
				<html lang="en">
				<head>
				<meta charset="utf-8">
				<meta name="viewport" content="width=device-width, initial-scale=1">
				<title>%s</title>
				<style>%s</style>
				</head>
				<body>
				<main>
				%s
				<footer>logto-reactive test server</footer>
				</main>
				</body>
				</html>
				""".formatted(escape(title), STYLE, body);
	}
}
