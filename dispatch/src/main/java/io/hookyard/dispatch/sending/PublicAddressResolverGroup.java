package io.hookyard.dispatch.sending;

import io.hookyard.schemas.net.AddressClass;
import io.netty.resolver.AbstractAddressResolver;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * Name resolution for the webhook client that only ever yields allowed addresses: public ones, or
 * with {@code allowPrivate} any but link-local and cloud metadata addresses ({@link
 * AddressClass#refused}), so the check applies to the very address the connection is opened to, not
 * to a separate lookup a rebinding DNS server could answer differently. Refused answers are
 * dropped; when none is left, resolution fails with {@link BlockedAddressException} and no
 * connection is attempted. An IP literal in the URL is judged the same way: it counts as unresolved
 * unless it is allowed, so Netty asks this resolver, which refuses it.
 */
final class PublicAddressResolverGroup extends AddressResolverGroup<InetSocketAddress> {
  private final AddressResolverGroup<InetSocketAddress> delegate;
  private final boolean allowPrivate;

  PublicAddressResolverGroup(
      AddressResolverGroup<InetSocketAddress> delegate, boolean allowPrivate) {
    this.delegate = delegate;
    this.allowPrivate = allowPrivate;
  }

  @Override
  protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
    return new PublicAddressResolver(executor, delegate.getResolver(executor), allowPrivate);
  }

  @Override
  public void close() {
    super.close();
    delegate.close();
  }

  private static final class PublicAddressResolver
      extends AbstractAddressResolver<InetSocketAddress> {
    private final AddressResolver<InetSocketAddress> delegate;
    private final boolean allowPrivate;

    PublicAddressResolver(
        EventExecutor executor, AddressResolver<InetSocketAddress> delegate, boolean allowPrivate) {
      super(executor, InetSocketAddress.class);
      this.delegate = delegate;
      this.allowPrivate = allowPrivate;
    }

    private boolean allowed(InetSocketAddress address) {
      return AddressClass.refused(address.getAddress(), allowPrivate).isEmpty();
    }

    @Override
    protected boolean doIsResolved(InetSocketAddress address) {
      return !address.isUnresolved() && allowed(address);
    }

    @Override
    protected void doResolve(InetSocketAddress unresolved, Promise<InetSocketAddress> promise) {
      resolveAll(unresolved)
          .addListener(
              (Future<List<InetSocketAddress>> all) -> {
                if (all.isSuccess()) {
                  promise.setSuccess(all.getNow().get(0));
                } else {
                  promise.setFailure(all.cause());
                }
              });
    }

    @Override
    protected void doResolveAll(
        InetSocketAddress unresolved, Promise<List<InetSocketAddress>> promise) {
      if (!unresolved.isUnresolved()) { // an IP literal that is not public
        promise.setFailure(blocked(List.of(unresolved)));
        return;
      }
      delegate
          .resolveAll(unresolved)
          .addListener(
              (Future<List<InetSocketAddress>> found) -> {
                if (!found.isSuccess()) {
                  promise.setFailure(found.cause());
                  return;
                }
                List<InetSocketAddress> allowed =
                    found.getNow().stream().filter(this::allowed).toList();
                if (allowed.isEmpty()) {
                  promise.setFailure(blocked(found.getNow()));
                } else {
                  promise.setSuccess(allowed);
                }
              });
    }

    private BlockedAddressException blocked(List<InetSocketAddress> addresses) {
      String why =
          addresses.stream()
              .map(a -> AddressClass.refused(a.getAddress(), allowPrivate))
              .flatMap(Optional::stream)
              .distinct()
              .reduce((a, b) -> a + ", " + b)
              .orElse("none");
      return new BlockedAddressException(why);
    }

    @Override
    public void close() {
      // the delegate group owns and closes the delegate resolver
    }
  }
}
