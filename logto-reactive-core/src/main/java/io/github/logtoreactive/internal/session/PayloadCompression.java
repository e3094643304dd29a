package io.github.logtoreactive.internal.session;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Raw DEFLATE with a one-byte marker: {@code 0} followed by the bytes as they are, or {@code 1} followed by their
 * raw DEFLATE stream, whichever is shorter (random data such as a sign-in transaction does not compress). One
 * {@link Deflater} and {@link Inflater} per thread are reused, so no native zlib state is allocated per call.
 * <p>
 * Public only because the store package's codecs and stores use it.
 */
public final class PayloadCompression {

	/** Larger inflated payloads are refused (a session is a few kilobytes). */
	public static final int MAX_INFLATED_BYTES = 256 * 1024;

	private static final byte STORED = 0;

	private static final byte DEFLATED = 1;

	private static final ThreadLocal<Deflater> DEFLATER = ThreadLocal
		.withInitial(() -> new Deflater(Deflater.BEST_COMPRESSION, true));

	private static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(() -> new Inflater(true));

	private PayloadCompression() {
	}

	/**
	 * @param raw the bytes to compress
	 * @return the marker byte and the shorter of raw or deflated bytes
	 */
	public static byte[] pack(byte[] raw) {
		Deflater deflater = DEFLATER.get();
		deflater.reset();
		deflater.setInput(raw);
		deflater.finish();
		byte[] buffer = new byte[raw.length + 64];
		buffer[0] = DEFLATED;
		int length = 1;
		while (!deflater.finished()) {
			if (length == buffer.length) {
				return stored(raw);
			}
			length += deflater.deflate(buffer, length, buffer.length - length);
		}
		if (length >= raw.length + 1) {
			return stored(raw);
		}
		byte[] out = new byte[length];
		System.arraycopy(buffer, 0, out, 0, length);
		return out;
	}

	private static byte[] stored(byte[] raw) {
		byte[] out = new byte[raw.length + 1];
		out[0] = STORED;
		System.arraycopy(raw, 0, out, 1, raw.length);
		return out;
	}

	/**
	 * @param packed the output of {@link #pack(byte[])}
	 * @return the original bytes
	 * @throws MalformedPayloadException when the marker or the DEFLATE stream is invalid, or it inflates past
	 * {@link #MAX_INFLATED_BYTES}
	 */
	public static byte[] unpack(byte[] packed) throws MalformedPayloadException {
		if (packed.length == 0) {
			throw new MalformedPayloadException("empty payload");
		}
		if (packed[0] == STORED) {
			byte[] out = new byte[packed.length - 1];
			System.arraycopy(packed, 1, out, 0, out.length);
			return out;
		}
		if (packed[0] != DEFLATED) {
			throw new MalformedPayloadException("unknown compression marker");
		}
		Inflater inflater = INFLATER.get();
		inflater.reset();
		inflater.setInput(packed, 1, packed.length - 1);
		ByteArrayOutputStream out = new ByteArrayOutputStream(packed.length * 4);
		byte[] buffer = new byte[Math.max(4096, packed.length * 4)];
		try {
			while (!inflater.finished()) {
				int n = inflater.inflate(buffer);
				if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
					throw new MalformedPayloadException("truncated DEFLATE stream");
				}
				out.write(buffer, 0, n);
				if (out.size() > MAX_INFLATED_BYTES) {
					throw new MalformedPayloadException("payload inflates past " + MAX_INFLATED_BYTES + " bytes");
				}
			}
		}
		catch (DataFormatException ex) {
			throw new MalformedPayloadException("invalid DEFLATE stream");
		}
		return out.toByteArray();
	}
}
