package io.github.logtoreactive.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A GET over a plain socket, reading the response head byte for byte as the server sent it: for tests whose subject
 * is the exact header lines (e.g. every {@code Set-Cookie} line with its attributes), which an HTTP client library
 * would parse and re-shape. Blocking, for the test thread only.
 */
public final class RawHttp {

	private RawHttp() {
	}

	/**
	 * @param port the server's port on the loopback address
	 * @param target the request target, e.g. {@code /api/context?resource=x}, already encoded
	 * @param cookies the {@code Cookie} header's pairs in order (none: no header)
	 * @return the response head
	 */
	public static Head get(int port, String target, Map<String, String> cookies) {
		StringBuilder request = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\n")
			.append("Host: localhost:").append(port).append("\r\n")
			.append("Accept: application/json\r\n")
			.append("Connection: close\r\n");
		if (!cookies.isEmpty()) {
			List<String> pairs = new ArrayList<>();
			cookies.forEach((name, value) -> pairs.add(name + "=" + value));
			request.append("Cookie: ").append(String.join("; ", pairs)).append("\r\n");
		}
		request.append("\r\n");
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			return Head.parse(readHead(socket.getInputStream()), request.length());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		byte[] end = { '\r', '\n', '\r', '\n' };
		int b;
		while (matched < end.length && (b = in.read()) >= 0) {
			head.write(b);
			matched = (b == end[matched]) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
		return head.toString(StandardCharsets.ISO_8859_1);
	}

	/**
	 * A response head.
	 *
	 * @param status the status code
	 * @param lines the header lines as received, without their CRLF
	 * @param requestBytes the size of the request head that was sent
	 */
	public record Head(int status, List<String> lines, int requestBytes) {

		static Head parse(String head, int requestBytes) {
			List<String> lines = new ArrayList<>(List.of(head.split("\r\n")));
			String statusLine = lines.remove(0);
			return new Head(Integer.parseInt(statusLine.split(" ")[1]), List.copyOf(lines), requestBytes);
		}

		/**
		 * @return the {@code Set-Cookie} lines, each whole ({@code "Set-Cookie: name=value; attributes"})
		 */
		public List<String> setCookieLines() {
			return this.lines.stream()
				.filter((line) -> line.toLowerCase(Locale.ROOT).startsWith("set-cookie:"))
				.toList();
		}
	}
}
