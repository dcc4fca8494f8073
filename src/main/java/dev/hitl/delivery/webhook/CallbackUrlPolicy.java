package dev.hitl.delivery.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * The SSRF guard for callback URLs: only absolute http(s) URLs without credentials, and
 * (unless private networks are allowed) no host that is or resolves to a loopback,
 * private, link-local, CGNAT, unique-local, multicast, unspecified, IPv4-mapped or NAT64
 * address.
 */
@Component
public class CallbackUrlPolicy {

	private final WebhookSettings settings;

	CallbackUrlPolicy(WebhookSettings settings) {
		this.settings = settings;
	}

	/**
	 * @return why the URL is refused, or empty when it may be used
	 */
	public Optional<String> problemWith(String url) {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			return Optional.of("must be a valid absolute URL");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
			return Optional.of("must be an absolute http or https URL");
		}
		if (uri.getRawUserInfo() != null) {
			return Optional.of("must not contain credentials");
		}
		if (uri.getHost() == null || uri.getHost().isEmpty()) {
			return Optional.of("must name a host");
		}
		if (this.settings.allowPrivateNetworks()) {
			return Optional.empty();
		}
		String host = uri.getHost().toLowerCase(Locale.ROOT);
		if (host.equals("localhost") || host.endsWith(".localhost") || host.endsWith(".local")) {
			return Optional.of("must not point to a private or loopback address");
		}
		try {
			for (InetAddress address : InetAddress.getAllByName(host)) {
				if (isForbidden(address)) {
					return Optional.of("must not point to a private or loopback address");
				}
			}
		}
		catch (UnknownHostException ex) {
			// Checked again at every delivery attempt, where an unresolvable name fails
			// the attempt.
			return Optional.empty();
		}
		return Optional.empty();
	}

	static boolean isForbidden(InetAddress address) {
		if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
				|| address.isSiteLocalAddress() || address.isMulticastAddress()) {
			return true;
		}
		byte[] b = address.getAddress();
		if (address instanceof Inet4Address) {
			int first = b[0] & 0xff;
			int second = b[1] & 0xff;
			return first == 0 || (first == 100 && second >= 64 && second <= 127) // CGNAT
					|| (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF
																			// protocol
					|| (first == 198 && (second == 18 || second == 19)) // benchmarking
					|| first >= 240; // reserved and broadcast
		}
		if (address instanceof Inet6Address) {
			int first = b[0] & 0xff;
			boolean uniqueLocal = (first & 0xfe) == 0xfc;
			boolean nat64 = first == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
			boolean mappedOrCompatible = true;
			for (int i = 0; i < 10; i++) {
				mappedOrCompatible &= b[i] == 0;
			}
			return uniqueLocal || nat64 || mappedOrCompatible;
		}
		return true;
	}

}
