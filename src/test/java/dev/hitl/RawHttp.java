package dev.hitl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, byte for byte as given: what no well-behaved client (the
 * JDK's refuses non-ASCII header values, normalises paths) would send, as an attacker
 * does. One request per connection.
 */
public final class RawHttp {

	private final int port;

	public RawHttp(int port) {
		this.port = port;
	}

	/**
	 * @param target the request target exactly as sent, e.g. {@code /a//b?x=%00}
	 * @param headers name/value pairs, already as bytes on the wire (ISO-8859-1)
	 */
	public Response send(String method, String target, byte[] body, String... headers) {
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		write(request, method + " " + target + " HTTP/1.1\r\nHost: localhost:" + this.port + "\r\n");
		boolean hasHost = false;
		for (int i = 0; i < headers.length; i += 2) {
			hasHost |= headers[i].equalsIgnoreCase("Host");
			write(request, headers[i] + ": " + headers[i + 1] + "\r\n");
		}
		if (body != null) {
			write(request, "Content-Length: " + body.length + "\r\n");
		}
		write(request, "Connection: close\r\n\r\n");
		byte[] bytes = request.toByteArray();
		if (hasHost) {
			// The caller's Host replaces the default one.
			bytes = new String(bytes, StandardCharsets.ISO_8859_1)
				.replaceFirst("Host: localhost:" + this.port + "\r\n", "")
				.getBytes(StandardCharsets.ISO_8859_1);
		}
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(60_000);
			try {
				OutputStream out = socket.getOutputStream();
				out.write(bytes);
				if (body != null) {
					out.write(body);
				}
				out.flush();
			}
			catch (IOException ex) {
				// The server answered and closed before taking it all (a request line or
				// body too large): its answer is what counts.
			}
			return Response.parse(socket.getInputStream().readAllBytes());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Request failed: " + method + " "
					+ ((target.length() > 200) ? target.substring(0, 200) + "..." : target), ex);
		}
	}

	private static void write(ByteArrayOutputStream out, String text) {
		out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
	}

	/** A response as received; header names in lower case. */
	public record Response(int status, Map<String, String> headers, String body) {

		static Response parse(byte[] raw) throws IOException {
			String text = new String(raw, StandardCharsets.ISO_8859_1);
			int end = text.indexOf("\r\n\r\n");
			if (!text.startsWith("HTTP/1.1 ") || end < 0) {
				return new Response(-1, Map.of(), text);
			}
			String[] lines = text.substring(0, end).split("\r\n");
			int status = Integer.parseInt(lines[0].substring(9, 12));
			Map<String, String> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				if (colon > 0) {
					headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
							lines[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
				}
			}
			byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
			if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
				body = dechunk(new java.io.ByteArrayInputStream(body));
			}
			return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
		}

		private static byte[] dechunk(InputStream in) throws IOException {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			while (true) {
				StringBuilder size = new StringBuilder();
				int c;
				while ((c = in.read()) != -1 && c != '\n') {
					if (c != '\r') {
						size.append((char) c);
					}
				}
				String hex = size.toString().split(";")[0].trim();
				if (c == -1 || hex.isEmpty()) {
					return out.toByteArray();
				}
				int length = Integer.parseInt(hex, 16);
				if (length == 0) {
					return out.toByteArray();
				}
				out.write(in.readNBytes(length));
				in.read();
				in.read();
			}
		}

		public String contentType() {
			return this.headers.getOrDefault("content-type", "");
		}

		public boolean isProblem() {
			return contentType().startsWith("application/problem+json")
					&& this.body.contains("\"status\":" + this.status);
		}

	}

}
