package dev.hitl;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * One GreenMail SMTP server for the whole test JVM, which every test context and node
 * sends to: contexts share one database, so any context's email worker may take any
 * test's email task, and all must reach the same server. A test can make it refuse the
 * next messages to an address (451, a transient failure) or hold one back before
 * accepting it, as a slow server would (GreenMail takes one message at a time, so the
 * others wait too).
 */
public final class TestMailServer {

	private static final int PORT = freePort();

	private static final Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();

	private static final Map<String, Duration> stalls = new ConcurrentHashMap<>();

	private static GreenMail server = start();

	private TestMailServer() {
	}

	public static int port() {
		return PORT;
	}

	/** The next {@code times} messages to the address are refused with 451. */
	public static void refuseNext(String address, int times) {
		refusals.put(address.toLowerCase(Locale.ROOT), new AtomicInteger(times));
	}

	/** The next message to the address is accepted only after {@code wait}. */
	public static void stallNext(String address, Duration wait) {
		stalls.put(address.toLowerCase(Locale.ROOT), wait);
	}

	/** Every message received so far to that address. */
	public static List<MimeMessage> receivedBy(String address) throws MessagingException {
		List<MimeMessage> found = new ArrayList<>();
		for (MimeMessage message : server.getReceivedMessages()) {
			if (message.getAllRecipients()[0].toString().equalsIgnoreCase(address)) {
				found.add(message);
			}
		}
		return found;
	}

	/** The message's plain-text part, decoded. */
	public static String plainText(MimeMessage message) throws MessagingException, IOException {
		return part(message, "text/plain");
	}

	/** The message's HTML part, decoded. */
	public static String html(MimeMessage message) throws MessagingException, IOException {
		return part(message, "text/html");
	}

	private static String part(jakarta.mail.Part part, String type) throws MessagingException, IOException {
		if (part.isMimeType(type)) {
			return (String) part.getContent();
		}
		if (part.getContent() instanceof jakarta.mail.Multipart multipart) {
			for (int i = 0; i < multipart.getCount(); i++) {
				String found = part(multipart.getBodyPart(i), type);
				if (found != null) {
					return found;
				}
			}
		}
		return null;
	}

	public static MimeMessage[] received() {
		return server.getReceivedMessages();
	}

	public static synchronized void stop() {
		server.stop();
	}

	/** Starts it again on the same port, after {@link #stop()}. */
	public static synchronized void restart() {
		server = start();
	}

	private static GreenMail start() {
		GreenMail started = new GreenMail(new ServerSetup(PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		started.start();
		MessageDeliveryHandler delivery = started.getUserManager().getMessageDeliveryHandler();
		started.getUserManager().setMessageDeliveryHandler((message, address) -> {
			String to = address.getEmail().toLowerCase(Locale.ROOT);
			AtomicInteger refuse = refusals.get(to);
			if (refuse != null && refuse.getAndDecrement() > 0) {
				throw new MessagingException("Refused by the test");
			}
			Duration stall = stalls.remove(to);
			if (stall != null) {
				sleep(stall);
			}
			return delivery.handle(message, address);
		});
		return started;
	}

	private static void sleep(Duration wait) {
		try {
			Thread.sleep(wait.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
