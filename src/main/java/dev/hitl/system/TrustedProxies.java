package dev.hitl.system;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.RemoteIpValve;
import org.apache.tomcat.util.http.MimeHeaders;

import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * {@code HITL_TRUSTED_PROXIES}: the reverse proxies whose {@code X-Forwarded-*} headers
 * are believed. A request from any other peer loses those headers before anything reads
 * them, so a client cannot pick the address its failed logins are counted against, or the
 * one the audit trail records, or pretend to have come over TLS. From a trusted proxy the
 * client is the rightmost {@code X-Forwarded-For} entry that is not itself a trusted
 * proxy (entries further left are whatever the client sent), and Tomcat's own
 * {@link RemoteIpValve} then applies it with the forwarded scheme, host and port.
 * <p>
 * Tomcat matches proxies by regular expression only; CIDR ranges are matched here, and
 * the valve behind is told to take what is left as it is.
 */
final class TrustedProxies extends RemoteIpValve {

	private static final String FORWARDED_FOR = "X-Forwarded-For";

	/** Every header a proxy may use to say where a request came from. */
	private static final List<String> FORWARDING_HEADERS = List.of(FORWARDED_FOR, "X-Forwarded-Proto",
			"X-Forwarded-Host", "X-Forwarded-Port", "X-Forwarded-Prefix", "X-Forwarded-Ssl", "X-Forwarded-By",
			"X-Forwarded-Server", "X-Real-IP", "Forwarded");

	private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}(/\\d{1,2})?");

	private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*(/\\d{1,3})?");

	private final List<IpAddressMatcher> proxies;

	/**
	 * @param proxies addresses and CIDR ranges, e.g. {@code 10.0.0.0/8} or
	 * {@code 2001:db8::1}
	 * @throws IllegalStateException for an entry that is neither
	 */
	TrustedProxies(List<String> proxies) {
		List<IpAddressMatcher> matchers = new ArrayList<>();
		for (String proxy : proxies) {
			String entry = proxy.strip();
			if (entry.isEmpty()) {
				continue;
			}
			if (!isLiteral(entry)) {
				throw new IllegalStateException("HITL_TRUSTED_PROXIES: '" + entry
						+ "' is not an IP address or CIDR range such as 10.0.0.0/8 or 2001:db8::/32");
			}
			try {
				matchers.add(new IpAddressMatcher(entry));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException("HITL_TRUSTED_PROXIES: '" + entry + "' is not a valid range", ex);
			}
		}
		this.proxies = List.copyOf(matchers);
		setRemoteIpHeader(FORWARDED_FOR);
		setProtocolHeader("X-Forwarded-Proto");
		setHostHeader("X-Forwarded-Host");
		setPortHeader("X-Forwarded-Port");
		// Only a trusted proxy's requests reach it, with the client already chosen.
		setInternalProxies(".*");
		setTrustedProxies(null);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		MimeHeaders headers = request.getCoyoteRequest().getMimeHeaders();
		if (!isTrusted(request.getRemoteAddr())) {
			FORWARDING_HEADERS.forEach(headers::removeHeader);
			getNext().invoke(request, response);
			return;
		}
		String client = client(java.util.Collections.list(request.getHeaders(FORWARDED_FOR)));
		headers.removeHeader(FORWARDED_FOR);
		if (client != null) {
			headers.addValue(FORWARDED_FOR).setString(client);
		}
		super.invoke(request, response);
	}

	boolean isTrusted(String address) {
		return address != null && isLiteral(address)
				&& this.proxies.stream().anyMatch((proxy) -> proxy.matches(address));
	}

	/**
	 * The rightmost entry that is not a trusted proxy, or the leftmost when all are; null
	 * when that is not an IP address (the proxy's own address then stands).
	 */
	String client(List<String> values) {
		List<String> hops = new ArrayList<>();
		for (String value : values) {
			Arrays.stream(value.split(",")).map(String::strip).filter((hop) -> !hop.isEmpty()).forEach(hops::add);
		}
		for (int i = hops.size() - 1; i >= 0; i--) {
			String hop = hops.get(i);
			if (i == 0 || !isTrusted(hop)) {
				return (isLiteral(hop) && !hop.contains("/")) ? hop : null;
			}
		}
		return null;
	}

	/** An IP literal, never a name: matching must not look anything up in DNS. */
	private static boolean isLiteral(String value) {
		return value.length() <= 64 && (IPV4.matcher(value).matches() || IPV6.matcher(value).matches());
	}

}
