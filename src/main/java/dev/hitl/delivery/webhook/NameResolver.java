package dev.hitl.delivery.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.springframework.stereotype.Component;

/** DNS as the JVM sees it; a seam so the SSRF tests can make names resolve anywhere. */
@Component
class NameResolver {

	InetAddress[] resolve(String host) throws UnknownHostException {
		return InetAddress.getAllByName(host);
	}

}
