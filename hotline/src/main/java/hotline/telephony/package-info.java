/**
 * Asterisk telephony: the AMI link, screen pops, the call log, the callback dialer and the FastAGI IVR.
 * Built on the case core; its own issue fills it in.
 */
package hotline.telephony;
