package dev.hitl.delivery.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

/**
 * The SSRF guard for callback URLs: only absolute http(s) URLs without credentials, and
 * (unless private networks are allowed) no host that is, or resolves to, a loopback,
 * private, link-local, CGNAT, unique-local, multicast or unspecified address, or any IPv6
 * form that carries an IPv4 address. Checked when a consultation is created and again, by
 * {@link GuardedDnsResolver}, at every delivery, where the connection goes to the very
 * addresses that were checked.
 */
@Component
public class CallbackUrlPolicy {

	private static final String PRIVATE = "must not point to a private, loopback or reserved address"
			+ " (HITL_WEBHOOK_ALLOW_PRIVATE_NETWORKS=true allows it, for development only)";

	/**
	 * Hosts that only an IP literal parser could mean, e.g. {@code 0x7f.1} or
	 * {@code 0177.0.0.1}.
	 */
	private static final Pattern LITERAL_LIKE = Pattern.compile("[0-9a-fx.:\\[\\]]+");

	/** Decimal or 0x-hex parts joined by dots: the host is meant as an IPv4 literal. */
	private static final Pattern V4_LIKE = Pattern.compile("(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]+)){0,3}\\.?");

	private static final Pattern CANONICAL_V4 = Pattern
		.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

	private final WebhookSettings settings;

	private final NameResolver resolver;

	CallbackUrlPolicy(WebhookSettings settings, NameResolver resolver) {
		this.settings = settings;
		this.resolver = resolver;
	}

	/**
	 * @return why the URL is refused, or empty when it may be used
	 */
	public Optional<String> problemWith(String url) {
		Optional<String> syntax = syntaxProblem(url);
		if (syntax.isPresent() || this.settings.allowPrivateNetworks()) {
			return syntax;
		}
		String host = URI.create(url).getHost().toLowerCase(Locale.ROOT);
		try {
			resolveChecked(host);
			return Optional.empty();
		}
		catch (ForbiddenAddressException ex) {
			return Optional.of(PRIVATE);
		}
		catch (UnknownHostException ex) {
			// A name that does not resolve now is checked again at every delivery
			// attempt;
			// a host that only looks like an ambiguous IP literal is refused outright.
			return LITERAL_LIKE.matcher(host).matches() ? Optional.of(PRIVATE) : Optional.empty();
		}
	}

	/** Scheme, host and credentials; no network access. */
	Optional<String> syntaxProblem(String url) {
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
		return Optional.empty();
	}

	boolean allowsPrivateNetworks() {
		return this.settings.allowPrivateNetworks();
	}

	/**
	 * Resolves every address of the host and refuses them all if any one is forbidden.
	 * @throws ForbiddenAddressException when an address is forbidden
	 */
	InetAddress[] resolveChecked(String host) throws UnknownHostException {
		String name = host.toLowerCase(Locale.ROOT);
		if (!this.settings.allowPrivateNetworks() && (name.equals("localhost") || name.endsWith(".localhost")
				|| name.endsWith(".local") || isAmbiguousV4(name))) {
			throw new ForbiddenAddressException(host);
		}
		InetAddress[] addresses = this.resolver
			.resolve(name.startsWith("[") ? name.substring(1, name.length() - 1) : name);
		if (addresses.length == 0) {
			throw new UnknownHostException(host);
		}
		if (!this.settings.allowPrivateNetworks()) {
			for (InetAddress address : addresses) {
				if (isForbidden(address)) {
					throw new ForbiddenAddressException(host);
				}
			}
		}
		return addresses;
	}

	/**
	 * Octal, hex, decimal and shortened IPv4 forms mean different addresses to different
	 * parsers; only the canonical dotted quad is taken.
	 */
	static boolean isAmbiguousV4(String host) {
		return V4_LIKE.matcher(host).matches() && !CANONICAL_V4.matcher(host).matches();
	}

	static boolean isForbidden(InetAddress address) {
		if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
				|| address.isSiteLocalAddress() || address.isMulticastAddress()) {
			return true;
		}
		byte[] b = address.getAddress();
		if (address instanceof Inet4Address) {
			return isForbiddenV4(b[0] & 0xff, b[1] & 0xff, b[2] & 0xff);
		}
		if (address instanceof Inet6Address) {
			boolean uniqueLocal = (b[0] & 0xfe) == 0xfc;
			return uniqueLocal || embedsIpv4(b);
		}
		return true;
	}

	/**
	 * The IPv6 forms that carry an IPv4 address, which a host, a translator or a relay
	 * may turn into that address: IPv4-mapped {@code ::ffff:0:0/96} and IPv4-compatible
	 * {@code ::/96} (RFC 4291), SIIT {@code ::ffff:0:0:0/96} (RFC 2765), NAT64
	 * {@code 64:ff9b::/96} and its local-use {@code 64:ff9b:1::/48} (RFC 6052, 8215:
	 * {@code 64:ff9b::/32} in all), 6to4 {@code 2002::/16} (RFC 3056) and Teredo
	 * {@code 2001::/32} (RFC 4380). Refused whatever IPv4 address is inside: which one a
	 * network reaches through them is not for the callback URL to decide.
	 */
	private static boolean embedsIpv4(byte[] b) {
		boolean firstEightZero = true;
		for (int i = 0; i < 8; i++) {
			firstEightZero &= b[i] == 0;
		}
		int ninth = ((b[8] & 0xff) << 8) | (b[9] & 0xff);
		int eleventh = ((b[10] & 0xff) << 8) | (b[11] & 0xff);
		boolean mappedOrCompatible = firstEightZero && ninth == 0 && (eleventh == 0 || eleventh == 0xffff);
		boolean siit = firstEightZero && ninth == 0xffff && eleventh == 0;
		boolean nat64 = b[0] == 0x00 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
		boolean sixToFour = b[0] == 0x20 && b[1] == 0x02;
		boolean teredo = b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0;
		return mappedOrCompatible || siit || nat64 || sixToFour || teredo;
	}

	private static boolean isForbiddenV4(int first, int second, int third) {
		return first == 0 || first == 10 || first == 127 || (first == 100 && second >= 64 && second <= 127)
				|| (first == 169 && second == 254) || (first == 172 && second >= 16 && second <= 31)
				|| (first == 192 && second == 168) || (first == 192 && second == 0 && third == 0)
				|| (first == 198 && (second == 18 || second == 19)) || first >= 224;
	}

	/** The host resolved to an address deliveries must not reach. */
	static final class ForbiddenAddressException extends UnknownHostException {

		ForbiddenAddressException(String host) {
			super("Refused to connect to " + host + ": " + PRIVATE);
		}

	}

}
