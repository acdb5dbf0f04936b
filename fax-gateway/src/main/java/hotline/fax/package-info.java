/**
 * Fax gateway: faxes in from the Asterisk ReceiveFAX spool and fax-to-mail, dispatch forms out through SendFAX.
 * Built on the case core; its own issue fills it in.
 */
package hotline.fax;
