package ladder.level7;

import java.util.concurrent.CompletableFuture;

/**
 * What {@link AsyncAtomics#waitAsync} returns, as ECMAScript's {@code Atomics.waitAsync} does:
 * either an immediate answer ({@code async == false}, {@code value} is {@code "not-equal"} or
 * {@code "timed-out"}, {@code promise} is null), or a promise ({@code async == true},
 * {@code value} is null) that resolves to {@code "ok"} or {@code "timed-out"} on the event loop.
 *
 * <p>Given: this record is part of the contract and comes written.
 */
public record WaitAsyncResult(boolean async, String value, CompletableFuture<String> promise) {}
