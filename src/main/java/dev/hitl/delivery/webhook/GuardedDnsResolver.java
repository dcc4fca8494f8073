package dev.hitl.delivery.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.apache.hc.client5.http.DnsResolver;

/**
 * The HTTP client's only way to turn a host into addresses: it resolves once, checks
 * every address, and hands the client exactly the addresses it checked, so a DNS answer
 * that changes between check and connect (rebinding) cannot slip through.
 */
class GuardedDnsResolver implements DnsResolver {

	private final CallbackUrlPolicy policy;

	GuardedDnsResolver(CallbackUrlPolicy policy) {
		this.policy = policy;
	}

	@Override
	public InetAddress[] resolve(String host) throws UnknownHostException {
		return this.policy.resolveChecked(host);
	}

	@Override
	public String resolveCanonicalHostname(String host) throws UnknownHostException {
		return host;
	}

}
