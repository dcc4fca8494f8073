package dev.hitl.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code HITL_PUBLIC_URL}: where people reach the service, for links in emails. */
@ConfigurationProperties("hitl")
public record PublicUrl(@DefaultValue("http://localhost:8080") String publicUrl) {

	public String link(String path) {
		String base = this.publicUrl.endsWith("/") ? this.publicUrl.substring(0, this.publicUrl.length() - 1)
				: this.publicUrl;
		return base + path;
	}

	public String host() {
		return java.net.URI.create(this.publicUrl).getHost();
	}

}
