package io.github.logtoreactive.internal.session;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one-byte-marked DEFLATE wrapper of session payloads, and what it refuses to inflate. */
class PayloadCompressionTests {

	static byte[] incompressible(int length) {
		byte[] bytes = new byte[length];
		new Random(42).nextBytes(bytes);
		return bytes;
	}

	@Test
	void packWhenRepetitiveThenDeflatedSmallerAndUnpacksToTheSameBytes() throws Exception {
		byte[] raw = "{\"access_token\":\"x\"},".repeat(200).getBytes(StandardCharsets.UTF_8);

		byte[] packed = PayloadCompression.pack(raw);

		assertThat(packed.length).isLessThan(raw.length / 4);
		assertThat(PayloadCompression.unpack(packed)).isEqualTo(raw);
	}

	@Test
	void packWhenIncompressibleThenStoredAsIsBehindOneMarkerByte() throws Exception {
		byte[] raw = incompressible(300);

		byte[] packed = PayloadCompression.pack(raw);

		assertThat(packed).hasSize(raw.length + 1);
		assertThat(Arrays.copyOfRange(packed, 1, packed.length)).isEqualTo(raw);
		assertThat(PayloadCompression.unpack(packed)).isEqualTo(raw);
		assertThat(PayloadCompression.unpack(PayloadCompression.pack(new byte[0]))).isEmpty();
	}

	@Test
	void unpackWhenEmptyUnknownMarkerOrTruncatedThenMalformed() {
		byte[] deflated = PayloadCompression.pack("abc".repeat(500).getBytes(StandardCharsets.UTF_8));
		byte[] unknownMarker = deflated.clone();
		unknownMarker[0] = 0x7f;

		assertThatThrownBy(() -> PayloadCompression.unpack(new byte[0])).isInstanceOf(MalformedPayloadException.class)
			.hasMessage("empty payload");
		assertThatThrownBy(() -> PayloadCompression.unpack(unknownMarker)).isInstanceOf(MalformedPayloadException.class)
			.hasMessage("unknown compression marker");
		assertThatThrownBy(() -> PayloadCompression.unpack(Arrays.copyOf(deflated, deflated.length - 3)))
			.isInstanceOf(MalformedPayloadException.class);
		byte[] garbage = incompressible(50);
		garbage[0] = deflated[0];
		assertThatThrownBy(() -> PayloadCompression.unpack(garbage)).isInstanceOf(MalformedPayloadException.class);
	}

	@Test
	void unpackWhenItInflatesPastTheLimitThenMalformed() {
		byte[] bomb = PayloadCompression.pack(new byte[PayloadCompression.MAX_INFLATED_BYTES + 1]);

		assertThatThrownBy(() -> PayloadCompression.unpack(bomb)).isInstanceOf(MalformedPayloadException.class)
			.hasMessageContaining("inflates past");
		byte[] atTheLimit = PayloadCompression.pack(new byte[PayloadCompression.MAX_INFLATED_BYTES]);
		assertThat(catchLength(atTheLimit)).isEqualTo(PayloadCompression.MAX_INFLATED_BYTES);
	}

	private static int catchLength(byte[] packed) {
		try {
			return PayloadCompression.unpack(packed).length;
		}
		catch (MalformedPayloadException ex) {
			throw new AssertionError(ex);
		}
	}
}
