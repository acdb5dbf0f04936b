package hotline.users;

/**
 * Who a request's token belongs to: the user, the token's id (which {@code GET /api/tokens} marks as current and
 * {@code PUT /api/me/password} keeps), and whether the user must change the password before doing anything else.
 */
public record Authenticated(Principal principal, long tokenId, boolean mustChangePassword) {
}
