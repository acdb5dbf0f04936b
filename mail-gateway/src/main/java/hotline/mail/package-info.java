/**
 * Mail gateway: letters and e-mail in over IMAP, dispatch forms and receipts out over SMTP.
 * Built on the case core; its own issue fills it in.
 */
package hotline.mail;
