package dev.hitl.system;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hitl.trusted-proxies} ({@code HITL_TRUSTED_PROXIES}).
 *
 * @param trustedProxies addresses and CIDR ranges of the reverse proxies whose
 * {@code X-Forwarded-*} headers are believed; none by default
 */
@ConfigurationProperties("hitl")
record ProxySettings(@DefaultValue List<String> trustedProxies) {
}
