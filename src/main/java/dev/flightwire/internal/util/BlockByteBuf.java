package dev.flightwire.internal.util;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledUnsafeDirectByteBuf;
import java.nio.ByteBuffer;

/**
 * A direct buffer over a {@link RetainedBlocks.Block}: when its last reference is released, the
 * block goes back to its {@link RetainedBlocks} instead of being freed.
 */
final class BlockByteBuf extends UnpooledUnsafeDirectByteBuf {
  private final RetainedBlocks owner;
  private RetainedBlocks.Block block;

  /** Takes ownership of {@code block}; the buffer's capacity (fixed) is {@code length}. */
  BlockByteBuf(ByteBufAllocator alloc, RetainedBlocks owner, RetainedBlocks.Block block, int length) {
    super(alloc, view(block, length), length);
    this.owner = owner;
    this.block = block;
    clear();
  }

  private static ByteBuffer view(RetainedBlocks.Block block, int length) {
    return block.memory.buffer().duplicate().clear().limit(length);
  }

  @Override
  protected void deallocate() {
    super.deallocate(); // frees nothing of the block: this buffer was made over memory it does not own
    RetainedBlocks.Block b = block;
    block = null;
    if (b != null) {
      owner.give(b);
    }
  }
}
