package dev.hitl.delivery.email;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hitl.mail.*}. The SMTP server itself is Spring Boot's {@code spring.mail.*}
 * ({@code SPRING_MAIL_HOST} and so on); without a host, emails are logged instead.
 *
 * @param from {@code HITL_MAIL_FROM}
 * @param retrySchedule waits between attempts after an SMTP failure; its length is the
 * number of retries before an incident
 * @param concurrency emails sent at once on one node
 * @param lockDuration how long a fetched email task stays locked to one worker; another
 * worker that takes it over afterwards sends only to the recipients not yet mailed
 */
@ConfigurationProperties("hitl.mail")
record MailSettings(@DefaultValue("HITL Orchestrator <hitl@localhost>") String from, @DefaultValue( {
		"PT10S", "PT1M", "PT5M", "PT30M", "PT2H" }) List<Duration> retrySchedule, @DefaultValue("2") int concurrency,
		@DefaultValue("PT2M") Duration lockDuration){
}
