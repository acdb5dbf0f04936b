package hotline.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** One form for every way a Chinese phone number is written. */
class PhoneNumbersTest {

  static final String MOBILE = "+8613800138000";
  static final String SHENZHEN_LANDLINE = "+8675583001234";

  final PhoneNumbers plain = new PhoneNumbers("CN", "");
  final PhoneNumbers shenzhen = new PhoneNumbers("CN", "0755");

  @Test
  void aMobileNumberHoweverWritten() {
    for (String form : List.of("+86 138 0013 8000", "0086-13800138000", "13800138000", "138 0013 8000", "+8613800138000",
        "138-0013-8000", "(+86) 138.0013.8000", "  13800138000\t", "0086 138 0013 8000", "+86-138-0013-8000")) {
      assertEquals(MOBILE, plain.normalize(form), form);
      assertEquals(MOBILE, shenzhen.normalize(form), "a mobile never takes the area code: " + form);
    }
  }

  @Test
  void aLandlineWithItsAreaCode() {
    for (String form : List.of("0755-83001234", "+86 755 8300 1234", "075583001234", "(0755) 8300-1234", "0086 755 83001234",
        "+86-755-83001234")) {
      assertEquals(SHENZHEN_LANDLINE, plain.normalize(form), form);
      assertEquals(SHENZHEN_LANDLINE, shenzhen.normalize(form), form);
    }
    assertEquals("+861062345678", plain.normalize("010-62345678"), "Beijing, two-digit area code");
    assertEquals("+861062345678", shenzhen.normalize("010-62345678"), "another city's area code is kept");
    assertEquals("+16502530000", plain.normalize("+1 650 253 0000"), "a foreign number stays foreign");
  }

  @Test
  void aLocalNumberTakesTheDefaultAreaCode() {
    for (String form : List.of("83001234", "8300 1234", "8300-1234")) {
      assertEquals(SHENZHEN_LANDLINE, shenzhen.normalize(form), form);
    }
    // The area code may be configured without its leading 0.
    assertEquals(SHENZHEN_LANDLINE, new PhoneNumbers("CN", "755").normalize("83001234"));
    assertEquals(SHENZHEN_LANDLINE, new PhoneNumbers(null, "0755").normalize("8300 1234"), "no region means CN");
  }

  @Test
  void aLocalNumberWithoutADefaultAreaCodeIsNotGuessedIntoShenzhen() {
    String local = plain.normalize("83001234");
    assertNotNull(local);
    assertNotEquals(SHENZHEN_LANDLINE, local, "no area code configured: none is invented");
    assertEquals(local, plain.normalize("8300 1234"), "still one form for the local number");
    assertEquals(local, plain.normalize("8300-1234"));
    assertNotEquals(local, plain.normalize("83001235"));
  }

  @Test
  void aShortServiceNumberIsKeptComparable() {
    String hotline = plain.normalize("12345");
    assertNotNull(hotline);
    assertEquals(hotline, plain.normalize("123 45"));
    assertEquals(hotline, shenzhen.normalize("12345"), "too short to take an area code");
    assertNotEquals(hotline, plain.normalize("12315"));
    assertEquals("110", plain.normalize("110"));
  }

  @Test
  void aShortServiceNumberIsDigitsOnlyAsDocumented() {
    assertEquals("12345", plain.normalize("12345"));
    assertEquals("12315", shenzhen.normalize("12315"));
    assertEquals("95105", plain.normalize("95105"));
  }

  @Test
  void textWithoutDigitsIsNull() {
    assertNull(plain.normalize(null));
    assertNull(plain.normalize(""));
    assertNull(plain.normalize("   "));
    assertNull(plain.normalize("无号码"));
    assertNull(plain.normalize("abc"));
    assertNull(plain.normalize("+"));
    assertNull(shenzhen.normalize(" - ( ) "));
  }

  @Test
  void anOverLongStringIsNull() {
    assertNull(plain.normalize("1234567890123456789012345"), "25 digits");
    assertNull(plain.normalize("+86 138 0013 8000 138 0013 8000"), "two numbers run together: 25 characters of + and digits");
    assertNull(shenzhen.normalize("1".repeat(1000)));
    assertEquals("123456789012345678901234", plain.normalize("123456789012345678901234"), "24 digits: kept as digits");
  }

  @Test
  void dialableNumbersAreInNationalFormAtHomeAndWithZeroZeroAbroad() {
    assertEquals("13800138000", plain.dialable("+86 138-0013-8000"));
    assertEquals("13800138000", plain.dialable("0086 13800138000"));
    assertEquals("075583001234", plain.dialable("+86 755 8300 1234"));
    assertEquals("075583001234", plain.dialable("0755-83001234"));
    assertEquals("4008123456", plain.dialable("400-812-3456"));
    assertEquals("0085221234567", plain.dialable("+852 2123 4567"));
    assertEquals("12345", plain.dialable("12345"));
    assertNull(plain.dialable("无"));
  }
}
