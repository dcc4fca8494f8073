package dev.hitl.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback SMTP server that accepts every message and records when it arrived. Written
 * here rather than taken from GreenMail because the benchmark needs one thing a test
 * server does not offer: holding new sessions before the greeting ({@link #pause()}),
 * which parks the service's email workers so that the rows one creation writes can be
 * counted without the notification's rows mixed in.
 */
final class SmtpSink implements AutoCloseable {

	private static final Pattern MESSAGE_ID = Pattern
		.compile("(?im)^Message-ID:\\s*<([0-9a-f-]{36})\\.([a-z-]+)\\.");

	private final ServerSocket server;

	private final ExecutorService threads = Executors.newCachedThreadPool((runnable) -> {
		Thread thread = new Thread(runnable, "smtp-sink");
		thread.setDaemon(true);
		return thread;
	});

	private final Arrivals arrivals = new Arrivals();

	private final Object gate = new Object();

	private boolean paused;

	private volatile boolean running = true;

	SmtpSink(int port) throws IOException {
		this.server = new ServerSocket(port, 128, InetAddress.getLoopbackAddress());
		this.threads.submit(this::accept);
	}

	Arrivals arrivals() {
		return this.arrivals;
	}

	void pause() {
		synchronized (this.gate) {
			this.paused = true;
		}
	}

	void resume() {
		synchronized (this.gate) {
			this.paused = false;
			this.gate.notifyAll();
		}
	}

	private void accept() {
		while (this.running) {
			try {
				Socket socket = this.server.accept();
				this.threads.submit(() -> session(socket));
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void session(Socket socket) {
		try (socket) {
			awaitOpen();
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
			OutputStream out = socket.getOutputStream();
			reply(out, "220 bench-sink ESMTP");
			String line;
			while ((line = in.readLine()) != null) {
				String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
				switch (command) {
					case "EHLO" -> reply(out, "250-bench-sink\r\n250 8BITMIME");
					case "DATA" -> {
						reply(out, "354 end with <CRLF>.<CRLF>");
						StringBuilder message = new StringBuilder();
						String data;
						while ((data = in.readLine()) != null && !data.equals(".")) {
							if (message.length() < 8192) {
								message.append(data).append('\n');
							}
						}
						record(message);
						reply(out, "250 accepted");
					}
					case "QUIT" -> {
						reply(out, "221 bye");
						return;
					}
					default -> reply(out, "250 OK");
				}
			}
		}
		catch (IOException | InterruptedException ex) {
			// The client went away; nothing to record.
		}
	}

	private void record(StringBuilder message) {
		long at = System.currentTimeMillis();
		Matcher id = MESSAGE_ID.matcher(message);
		if (id.find()) {
			this.arrivals.add(id.group(0), new Arrivals.Arrival(at, id.group(1), id.group(2), 0));
		}
	}

	private void awaitOpen() throws InterruptedException {
		synchronized (this.gate) {
			while (this.paused) {
				this.gate.wait();
			}
		}
	}

	private static void reply(OutputStream out, String text) throws IOException {
		out.write((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
		out.flush();
	}

	@Override
	public void close() throws IOException {
		this.running = false;
		resume();
		this.server.close();
		this.threads.shutdownNow();
	}

}
