package dev.hitl.delivery.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.EmptyWebhookSecretException;
import com.standardwebhooks.exceptions.WebhookSigningException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Sends one signed webhook attempt. Only 2xx counts; redirects are not followed; the
 * connection goes only to addresses the SSRF guard checked; the whole attempt is cut off
 * after the configured timeout however slowly the receiver answers; at most a few KiB of
 * the response are read, to explain a failure.
 */
@Component
public class WebhookSender implements DisposableBean {

	static final int MAX_BODY_BYTES = 256 * 1024;

	private static final int MAX_RESPONSE_BYTES = 2048;

	private final CallbackUrlPolicy policy;

	private final WebhookSettings settings;

	private final Clock clock;

	private final CloseableHttpClient client;

	private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "webhook-deadlines");
		thread.setDaemon(true);
		return thread;
	});

	WebhookSender(CallbackUrlPolicy policy, WebhookSettings settings, Clock clock) {
		this.policy = policy;
		this.settings = settings;
		this.clock = clock;
		Timeout timeout = Timeout.of(settings.timeout());
		this.client = HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setDnsResolver(new GuardedDnsResolver(policy))
				.setDefaultConnectionConfig(ConnectionConfig.custom()
					.setConnectTimeout(Timeout.of(settings.connectTimeout()))
					.setSocketTimeout(timeout)
					.build())
				.setMaxConnTotal(64)
				.setMaxConnPerRoute(8)
				.build())
			.setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(timeout).build())
			.disableRedirectHandling()
			.disableAutomaticRetries()
			.disableCookieManagement()
			.disableAuthCaching()
			.setUserAgent("HITL-Orchestrator-Webhooks/1")
			.build();
	}

	/**
	 * The Standard Webhooks v1 signature (HMAC-SHA256 over {@code id.timestamp.body}),
	 * made by the specification's own library, which agents verify with.
	 */
	static String sign(String secret, String webhookId, long timestamp, byte[] body) {
		try {
			return new Webhook(secret).sign(webhookId, timestamp, new String(body, StandardCharsets.UTF_8));
		}
		catch (WebhookSigningException | EmptyWebhookSecretException ex) {
			throw new IllegalStateException("Cannot sign webhook " + webhookId, ex);
		}
	}

	/** One attempt: a fresh timestamp and signature over the same id and body. */
	public Outcome send(String url, String webhookId, byte[] body, String secret) {
		if (body.length > MAX_BODY_BYTES) {
			return Outcome.failed(0, "Webhook body exceeds " + MAX_BODY_BYTES + " bytes", null, true);
		}
		java.util.Optional<String> syntax = this.policy.syntaxProblem(url);
		if (syntax.isPresent()) {
			return Outcome.failed(0, "Callback URL " + syntax.get(), null, true);
		}
		long timestamp = this.clock.instant().getEpochSecond();
		HttpPost post = new HttpPost(url);
		post.setHeader("webhook-id", webhookId);
		post.setHeader("webhook-timestamp", Long.toString(timestamp));
		post.setHeader("webhook-signature", sign(secret, webhookId, timestamp, body));
		post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
		ScheduledFuture<?> deadline = this.deadlines.schedule(() -> post.cancel(), this.settings.timeout().toMillis(),
				TimeUnit.MILLISECONDS);
		try (ClassicHttpResponse response = this.client.executeOpen(null, post, null)) {
			int status = response.getCode();
			if (status >= 200 && status < 300) {
				return Outcome.delivered(status);
			}
			String snippet = readSnippet(response);
			String error = "HTTP " + status + (snippet.isBlank() ? "" : ": " + snippet);
			return Outcome.failed(status, error, retryAfter(response), status == 410);
		}
		catch (IOException ex) {
			String reason = post.isCancelled() ? "Timed out after " + this.settings.timeout().toSeconds() + " s"
					: ex.getClass().getSimpleName() + ": " + ex.getMessage();
			return Outcome.failed(0, reason, null, false);
		}
		finally {
			deadline.cancel(false);
		}
	}

	private static String readSnippet(ClassicHttpResponse response) throws IOException {
		if (response.getEntity() == null) {
			return "";
		}
		try (InputStream content = response.getEntity().getContent()) {
			String text = new String(content.readNBytes(MAX_RESPONSE_BYTES), StandardCharsets.UTF_8);
			return text.replaceAll("\\s+", " ").strip();
		}
	}

	private Duration retryAfter(ClassicHttpResponse response) {
		Header header = response.getFirstHeader("Retry-After");
		if (header == null || header.getValue() == null) {
			return null;
		}
		String value = header.getValue().trim();
		try {
			return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
		}
		catch (NumberFormatException ex) {
			try {
				Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
				Duration wait = Duration.between(this.clock.instant(), at);
				return wait.isNegative() ? Duration.ZERO : wait;
			}
			catch (DateTimeParseException unparsable) {
				return null;
			}
		}
	}

	@Override
	public void destroy() throws IOException {
		this.deadlines.shutdownNow();
		this.client.close();
	}

	/**
	 * @param permanent the receiver asked not to retry (410 Gone) or the request can
	 * never succeed
	 * @param retryAfter the receiver's {@code Retry-After}, if any
	 */
	public record Outcome(boolean delivered, int status, String error, Duration retryAfter, boolean permanent) {

		static Outcome delivered(int status) {
			return new Outcome(true, status, null, null, false);
		}

		static Outcome failed(int status, String error, Duration retryAfter, boolean permanent) {
			return new Outcome(false, status, error, retryAfter, permanent);
		}

	}

}
