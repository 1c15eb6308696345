//! The shoppers' social network: a Watts-Strogatz small world.
//!
//! Most ties of a Watts-Strogatz graph are ring ties between near ids, so the graph
//! is stored as the ring (implicit: one bit per tie says whether it was kept) plus
//! the other ties in compressed sparse rows (CSR) of `u32` shopper ids. A shopper's
//! ring ties are found from its own id, next to its own state in memory; only the
//! few rewired ties need a lookup. About 7 bytes per shopper at the default degree
//! (a plain CSR of all ties takes 28).

use crate::rng::{CounterRng, Stream};
use rayon::prelude::*;

/// Ring ties up to this distance are implicit (one bit each); ties of longer
/// reach, possible only at degrees above 16, are stored like rewired ties.
const RING_BITS: u32 = 8;

/// An undirected graph over shoppers `0..n`: ring ties `(i, i + j mod n)` for
/// `j = 1..=ring_reach` unless bit `j - 1` of `ring_cut[i]` is set, plus the
/// explicit ties `explicit[offsets[i]..offsets[i + 1]]` of each shopper `i`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SocialNetwork {
    n: u32,
    ring_reach: u32,
    /// Bit `j - 1` set: the ring tie from `i` to `i + j` was not made (rewired).
    ring_cut: Vec<u8>,
    offsets: Vec<u32>,
    explicit: Vec<u32>,
}

impl SocialNetwork {
    /// A Watts-Strogatz ring (Watts & Strogatz 1998): each shopper is tied to the
    /// `degree / 2` next shoppers on a ring, and each tie is rewired to a uniformly
    /// chosen shopper with probability `rewiring`. Self-ties are never made; a rare
    /// duplicate tie is kept (it only weighs that neighbour twice).
    pub fn watts_strogatz(n: u32, degree: u32, rewiring: f64, rng: &CounterRng) -> SocialNetwork {
        let half = (degree / 2).min(n.saturating_sub(1) / 2);
        let ring_reach = half.min(RING_BITS);
        // The other end of tie `(i, j)`, or `None` if the tie is not made.
        let target = |i: u32, j: u32| -> Option<u32> {
            let ring = ((i as u64 + j as u64) % n as u64) as u32;
            let key = i as u64 * 64 + j as u64;
            let rewire = rng.uniform(Stream::Network, 0, key) < rewiring;
            let t = if rewire {
                let pick = (rng.bits(Stream::Network, 1, key) % n as u64) as u32;
                if pick == i {
                    ring
                } else {
                    pick
                }
            } else {
                ring
            };
            (t != i).then_some(t)
        };
        // The ties' targets, hashed once and in parallel (each is a pure function of
        // `(i, j)`); `u32::MAX` marks a tie that was not made.
        let half_usize = half as usize;
        let mut targets = vec![u32::MAX; n as usize * half_usize];
        if half_usize > 0 {
            targets
                .par_chunks_mut(half_usize)
                .enumerate()
                .for_each(|(i, row)| {
                    for (slot, j) in row.iter_mut().zip(1..=half) {
                        if let Some(t) = target(i as u32, j) {
                            *slot = t;
                        }
                    }
                });
        }
        let rows = || targets.chunks(half_usize.max(1)).enumerate();
        // A ring tie within reach that was made stays implicit; every other made tie
        // is explicit.
        let is_explicit = |i: usize, j: usize, t: u32| {
            t != u32::MAX
                && (j > ring_reach as usize || t as u64 != (i as u64 + j as u64) % n as u64)
        };
        let ring_cut: Vec<u8> = rows()
            .map(|(i, row)| {
                row.iter()
                    .enumerate()
                    .take(ring_reach as usize)
                    .filter(|&(j0, &t)| t == u32::MAX || is_explicit(i, j0 + 1, t))
                    .fold(0u8, |cut, (j0, _)| cut | 1 << j0)
            })
            .collect();
        let explicit_ties = || {
            rows().flat_map(move |(i, row)| {
                row.iter()
                    .enumerate()
                    .filter(move |&(j0, &t)| is_explicit(i, j0 + 1, t))
                    .map(move |(_, &t)| (i, t))
            })
        };
        let mut degrees = vec![0u32; n as usize];
        for (i, t) in explicit_ties() {
            if let Some(d) = degrees.get_mut(i) {
                *d += 1;
            }
            if let Some(d) = degrees.get_mut(t as usize) {
                *d += 1;
            }
        }
        let mut offsets = Vec::with_capacity(n as usize + 1);
        let mut total = 0u32;
        for d in &degrees {
            offsets.push(total);
            total += d;
        }
        offsets.push(total);
        drop(degrees);
        // Both ends of every explicit tie, in the order the ties are met.
        let mut fill: Vec<u32> = offsets[..n as usize].to_vec();
        let mut explicit = vec![0u32; total as usize];
        let mut put = |from: usize, to: u32| {
            if let Some(at) = fill.get_mut(from) {
                if let Some(slot) = explicit.get_mut(*at as usize) {
                    *slot = to;
                }
                *at += 1;
            }
        };
        for (i, t) in explicit_ties() {
            put(i, t);
            put(t as usize, i as u32);
        }
        drop(targets);
        SocialNetwork {
            n,
            ring_reach,
            ring_cut,
            offsets,
            explicit,
        }
    }

    pub fn len(&self) -> usize {
        self.n as usize
    }

    /// Calls `f` with every neighbour of `shopper`: ring ties forward, ring ties
    /// backward, then explicit ties. Nothing for an id out of range.
    #[inline]
    pub fn for_each_neighbour(&self, shopper: usize, mut f: impl FnMut(u32)) {
        let n = self.n as usize;
        let Some(&cut) = self.ring_cut.get(shopper) else {
            return;
        };
        for j in 1..=self.ring_reach as usize {
            let bit = 1u8 << (j - 1);
            if cut & bit == 0 {
                let ahead = shopper + j;
                f(if ahead >= n { ahead - n } else { ahead } as u32);
            }
            let behind = if shopper >= j {
                shopper - j
            } else {
                shopper + n - j
            };
            if self.ring_cut.get(behind).is_some_and(|c| c & bit == 0) {
                f(behind as u32);
            }
        }
        for &t in self.explicit_ties(shopper) {
            f(t);
        }
    }

    /// The neighbours of `shopper`, in the order of [`SocialNetwork::for_each_neighbour`]
    /// (allocates: for tests and diagnostics).
    #[cfg(test)]
    pub fn neighbours(&self, shopper: usize) -> Vec<u32> {
        let mut all = Vec::new();
        self.for_each_neighbour(shopper, |t| all.push(t));
        all
    }

    #[inline]
    fn explicit_ties(&self, shopper: usize) -> &[u32] {
        match (self.offsets.get(shopper), self.offsets.get(shopper + 1)) {
            (Some(&start), Some(&end)) => self
                .explicit
                .get(start as usize..end as usize)
                .unwrap_or_default(),
            _ => &[],
        }
    }

    /// Number of ties of `shopper` (a duplicate tie counts twice).
    #[inline]
    pub fn degree(&self, shopper: usize) -> usize {
        let mut degree = self.explicit_ties(shopper).len();
        let n = self.n as usize;
        if let Some(&cut) = self.ring_cut.get(shopper) {
            for j in 1..=self.ring_reach as usize {
                let bit = 1u8 << (j - 1);
                degree += usize::from(cut & bit == 0);
                let behind = if shopper >= j {
                    shopper - j
                } else {
                    shopper + n - j
                };
                degree += usize::from(self.ring_cut.get(behind).is_some_and(|c| c & bit == 0));
            }
        }
        degree
    }

    #[cfg(test)]
    pub fn tie_count(&self) -> usize {
        let ring: usize = self
            .ring_cut
            .iter()
            .map(|cut| {
                self.ring_reach as usize - (cut.count_ones() as usize).min(self.ring_reach as usize)
            })
            .sum();
        ring + self.explicit.len() / 2
    }

    /// Bytes held by the graph.
    #[cfg(test)]
    pub fn memory_bytes(&self) -> usize {
        self.ring_cut.len()
            + (self.offsets.len() + self.explicit.len()) * std::mem::size_of::<u32>()
    }
}

/// Word of mouth in flight: for every shopper, the sum of what its neighbours said,
/// heard on the next day (E16: synchronous, everyone hears yesterday's talk).
///
/// Word of mouth is *pushed*: only shoppers with something to say (non-zero
/// sentiment, under a tenth of shoppers on a typical day) visit their ties and add
/// their sentiment to each neighbour's sum for tomorrow. Shoppers are worked on in
/// fixed blocks (see [`Hearsay::blocks`]); a tie inside the talker's block is added
/// in place, a tie to another block is posted to the talker's outbox and delivered
/// after the day ([`Hearsay::end_day`]). No locks or atomics are needed.
///
/// Sums are fixed-point integers. Integer addition is associative and commutative,
/// so a sum never depends on the thread count or on the order of delivery. The
/// fixed-point scale is chosen from the network's largest degree so that a sum can
/// never overflow.
#[derive(Debug, Clone, Default)]
pub struct Hearsay {
    block_size: usize,
    /// What each shopper hears today (taken, i.e. cleared, as it is read).
    today: Vec<u32>,
    /// What each shopper will hear tomorrow (told into during the day).
    tomorrow: Vec<u32>,
    /// Posts to other blocks: `outboxes[block * DELIVERY_RANGES + range]` holds the
    /// `(shopper, units)` posts of `block` to shoppers of delivery `range`.
    outboxes: Vec<Vec<(u32, u32)>>,
    /// Shoppers per delivery range (`n / DELIVERY_RANGES`, rounded up).
    range_size: usize,
    /// Each shopper's number of ties, saturated at `u8::MAX` (then looked up).
    degrees: Vec<u8>,
    /// Fixed-point units per unit of sentiment (a power of two).
    scale: f32,
}

/// Finest fixed-point scale used: sentiment is resolved to 2^-24 (its own `f32`
/// precision near 1), far below the sentiment floor.
const FINEST_SCALE_BITS: u32 = 24;

/// Posts to other blocks are delivered in parallel over this many ranges of
/// shoppers (a constant, so the work split never depends on the thread count).
const DELIVERY_RANGES: usize = 16;

impl Hearsay {
    /// Silence for every shopper of `network`, worked on in blocks of `block_size`.
    pub fn new(network: &SocialNetwork, block_size: usize) -> Hearsay {
        let n = network.len();
        let block_size = block_size.max(1);
        let degrees: Vec<usize> = (0..n).into_par_iter().map(|i| network.degree(i)).collect();
        let max_degree = degrees.iter().copied().max().unwrap_or(0).max(1);
        // The largest sum is max_degree * 1.0 * scale.
        // Sums stay below 2^31, so they convert to floating point as signed integers
        // (which vector units do natively).
        let headroom_bits = (i32::MAX as u32 / max_degree.min(i32::MAX as usize) as u32).ilog2();
        let bits = headroom_bits.min(FINEST_SCALE_BITS);
        Hearsay {
            block_size,
            today: vec![0; n],
            tomorrow: vec![0; n],
            outboxes: vec![Vec::new(); n.div_ceil(block_size) * DELIVERY_RANGES],
            range_size: n.div_ceil(DELIVERY_RANGES).max(1),
            degrees: degrees
                .iter()
                .map(|&d| d.min(u8::MAX as usize) as u8)
                .collect(),
            scale: (1u64 << bits) as f32,
        }
    }

    /// One view per block of shoppers, in block order, for parallel work.
    pub fn blocks(&mut self) -> impl IndexedParallelIterator<Item = HearsayBlock<'_>> + '_ {
        let (block_size, range_size, scale) = (self.block_size, self.range_size, self.scale);
        self.today
            .par_chunks_mut(block_size)
            .zip(self.tomorrow.par_chunks_mut(block_size))
            .zip(self.outboxes.par_chunks_mut(DELIVERY_RANGES))
            .zip(self.degrees.par_chunks(block_size))
            .enumerate()
            .map(
                move |(b, (((today, tomorrow), outbox), degrees))| HearsayBlock {
                    first: b * block_size,
                    today,
                    tomorrow,
                    outbox,
                    degrees,
                    range_size,
                    scale,
                },
            )
    }

    /// Delivers the posts between blocks and makes tomorrow today. Every shopper
    /// took its sum during the day, so today's buffer is clear to be told into.
    pub fn end_day(&mut self) {
        let outboxes = &self.outboxes;
        let range_size = self.range_size;
        self.tomorrow
            .par_chunks_mut(range_size)
            .enumerate()
            .for_each(|(range, sums)| {
                let first = range * range_size;
                for posts in outboxes.iter().skip(range).step_by(DELIVERY_RANGES) {
                    for &(shopper, units) in posts {
                        if let Some(sum) = sums.get_mut((shopper as usize).wrapping_sub(first)) {
                            *sum = sum.wrapping_add(units);
                        }
                    }
                }
            });
        self.outboxes.iter_mut().for_each(Vec::clear);
        std::mem::swap(&mut self.today, &mut self.tomorrow);
    }

    /// Bytes held (outboxes at their current capacity).
    #[cfg(test)]
    pub fn memory_bytes(&self) -> usize {
        (self.today.len() + self.tomorrow.len()) * std::mem::size_of::<u32>()
            + self.degrees.len()
            + self
                .outboxes
                .iter()
                .map(|o| o.capacity() * std::mem::size_of::<(u32, u32)>())
                .sum::<usize>()
    }
}

/// One block's share of [`Hearsay`]: its shoppers' sums and its outbox.
#[derive(Debug)]
pub struct HearsayBlock<'a> {
    first: usize,
    today: &'a mut [u32],
    tomorrow: &'a mut [u32],
    outbox: &'a mut [Vec<(u32, u32)>],
    degrees: &'a [u8],
    range_size: usize,
    scale: f32,
}

impl HearsayBlock<'_> {
    /// What this block's shoppers hear today: fixed-point sums, in block order.
    /// [`HearsayBlock::mean`] turns one into a mean sentiment.
    pub fn sums(&self) -> &[u32] {
        self.today
    }

    /// This block's shoppers' numbers of ties, saturated at `u8::MAX` (beyond which
    /// [`SocialNetwork::degree`] has the count).
    pub fn degrees(&self) -> &[u8] {
        self.degrees
    }

    /// Sentiment per fixed-point unit.
    pub fn unit(&self) -> f32 {
        1.0 / self.scale
    }

    /// Mean sentiment from a sum of `units` over `degree` ties (0 without ties).
    /// `units` is below 2^31 by the choice of scale.
    #[inline(always)]
    pub fn mean(units: u32, unit: f32, degree: f32) -> f32 {
        (units as i32) as f32 * unit / degree.max(1.0)
    }

    /// Mean sentiment shopper `id`'s neighbours said yesterday (0 without ties).
    /// `id` must belong to this block. The sums stay until [`HearsayBlock::clear`].
    pub fn mean_of(&self, network: &SocialNetwork, id: usize) -> f32 {
        let k = id.wrapping_sub(self.first);
        let units = self.today.get(k).copied().unwrap_or(0);
        let degree = match self.degrees.get(k) {
            Some(&d) if d < u8::MAX => d as f32,
            _ => network.degree(id) as f32,
        };
        Self::mean(units, self.unit(), degree)
    }

    /// Forgets what this block heard today (once every shopper has taken it in), so
    /// that its buffer is clear to be told into after the swap at the end of the day.
    pub fn clear(&mut self) {
        self.today.fill(0);
    }

    /// Shopper `id` (of this block) says `sentiment` (in `[0, 1]`) to every
    /// neighbour: a tie inside the block is told in place, others are posted.
    #[inline]
    pub fn tell_neighbours(&mut self, network: &SocialNetwork, id: usize, sentiment: f32) {
        let units = (sentiment.clamp(0.0, 1.0) * self.scale) as u32;
        if units == 0 {
            return;
        }
        let (first, range_size) = (self.first, self.range_size);
        let (tomorrow, outbox) = (&mut *self.tomorrow, &mut *self.outbox);
        network.for_each_neighbour(id, |t| {
            match tomorrow.get_mut((t as usize).wrapping_sub(first)) {
                Some(sum) => *sum = sum.wrapping_add(units),
                None => {
                    if let Some(posts) = outbox.get_mut(t as usize / range_size) {
                        posts.push((t, units));
                    }
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ring_without_rewiring_is_regular() {
        let net = SocialNetwork::watts_strogatz(100, 6, 0.0, &CounterRng::new(1));
        for i in 0..100 {
            let mut n: Vec<u32> = net.neighbours(i).to_vec();
            n.sort_unstable();
            let i = i as u32;
            let mut expected: Vec<u32> = [1u32, 2, 3]
                .iter()
                .flat_map(|j| [(i + j) % 100, (i + 100 - j) % 100])
                .collect();
            expected.sort_unstable();
            assert_eq!(n, expected);
        }
    }

    #[test]
    fn rewiring_keeps_ties_symmetric_and_loop_free() {
        let net = SocialNetwork::watts_strogatz(1000, 6, 0.1, &CounterRng::new(2));
        assert_eq!(net.tie_count(), 3000);
        for i in 0..1000usize {
            for t in net.neighbours(i) {
                assert_ne!(t as usize, i);
                assert!(net.neighbours(t as usize).contains(&(i as u32)));
            }
        }
        let ring = SocialNetwork::watts_strogatz(1000, 6, 0.0, &CounterRng::new(2));
        assert_ne!(net, ring, "some ties were rewired");
    }

    #[test]
    fn tiny_populations_have_no_self_ties() {
        for n in 0..5 {
            let net = SocialNetwork::watts_strogatz(n, 6, 0.5, &CounterRng::new(3));
            assert_eq!(net.len(), n as usize);
            for i in 0..n as usize {
                assert!(!net.neighbours(i).contains(&(i as u32)));
            }
        }
    }

    /// One day of word of mouth, block by block: shopper `i` says `said[i]`
    /// (`reverse` reverses the blocks and shoppers within them); returns what each
    /// shopper hears the next day.
    fn one_day(
        net: &SocialNetwork,
        hearsay: &mut Hearsay,
        said: &[f32],
        reverse: bool,
    ) -> Vec<f64> {
        let n = net.len();
        let mut views: Vec<HearsayBlock> = hearsay.blocks().collect();
        if reverse {
            views.reverse();
        }
        for view in &mut views {
            let first = view.first;
            let mut ids: Vec<usize> = (first..(first + view.today.len()).min(n)).collect();
            if reverse {
                ids.reverse();
            }
            for i in ids {
                view.tell_neighbours(net, i, said[i]);
            }
        }
        drop(views);
        hearsay.end_day();
        let mut views: Vec<HearsayBlock> = hearsay.blocks().collect();
        let heard = (0..n)
            .map(|i| views[i / hearsay_block_size()].mean_of(net, i) as f64)
            .collect();
        views.iter_mut().for_each(HearsayBlock::clear);
        heard
    }

    fn hearsay_block_size() -> usize {
        16
    }

    #[test]
    fn hearsay_reaches_exactly_the_neighbours_and_is_heard_once() {
        let net = SocialNetwork::watts_strogatz(50, 6, 0.2, &CounterRng::new(4));
        let mut hearsay = Hearsay::new(&net, hearsay_block_size());
        let mut said = vec![0.0f32; 50];
        said[10] = 0.5;
        let copy_before = hearsay.clone();
        let heard = one_day(&net, &mut hearsay, &said, false);
        for (i, &h) in heard.iter().enumerate() {
            let ties = net.neighbours(i);
            let from_10 = ties.iter().filter(|&&t| t == 10).count();
            let expected = (0.5 * from_10 as f32 / ties.len().max(1) as f32) as f64;
            assert_eq!(h, expected, "shopper {i}");
        }
        assert!(heard.iter().any(|&h| h > 0.0));
        // Cleared: a silent day after hears nothing.
        let again = one_day(&net, &mut hearsay, &[0.0; 50], false);
        assert!(again.iter().all(|&h| h == 0.0));
        assert!(copy_before.today.iter().all(|&u| u == 0));
    }

    #[test]
    fn hearsay_is_the_mean_of_what_neighbours_said_in_any_order() {
        let net = SocialNetwork::watts_strogatz(200, 6, 0.3, &CounterRng::new(5));
        let said: Vec<f32> = (0..200)
            .map(|i| {
                if i % 7 == 0 {
                    0.1 + i as f32 * 0.003
                } else {
                    0.0
                }
            })
            .collect();
        let mut forward = Hearsay::new(&net, hearsay_block_size());
        let mut backward = forward.clone();
        let a = one_day(&net, &mut forward, &said, false);
        let b = one_day(&net, &mut backward, &said, true);
        for i in 0..200 {
            let ties = net.neighbours(i);
            let exact: f64 =
                ties.iter().map(|&t| said[t as usize] as f64).sum::<f64>() / ties.len() as f64;
            assert_eq!(a[i].to_bits(), b[i].to_bits(), "shopper {i}");
            // Fixed point at 2^-24 per tie.
            assert!(
                (a[i] - exact).abs() < 1e-6,
                "shopper {i}: {} vs {exact}",
                a[i]
            );
        }
    }

    #[test]
    fn hearsay_scale_leaves_room_for_the_largest_degree() {
        // A star: shopper 0 is tied to everyone, so its sum can reach n - 1.
        let n = 3000u32;
        let offsets: Vec<u32> = std::iter::once(0)
            .chain((1..=n).map(|i| (n - 1) + (i - 1)))
            .collect();
        let mut neighbours: Vec<u32> = (1..n).collect();
        neighbours.extend(std::iter::repeat(0).take(n as usize - 1));
        let net = SocialNetwork {
            n,
            ring_reach: 0,
            ring_cut: vec![0; n as usize],
            offsets,
            explicit: neighbours,
        };
        assert_eq!(net.degree(0), n as usize - 1);
        let mut hearsay = Hearsay::new(&net, hearsay_block_size());
        let heard = one_day(&net, &mut hearsay, &vec![1.0; n as usize], false);
        // Without overflow the hub hears everyone's 1.0 (to rounding of the mean).
        assert!((heard[0] - 1.0).abs() < 1e-12, "hub heard {}", heard[0]);
        assert!(heard[1..].iter().all(|&h| h == 1.0));
    }

    #[test]
    fn network_and_word_of_mouth_stay_within_their_memory_budget() {
        // Issue 7: at most ~128 bytes per shopper in all. The shopper state takes
        // 44; the graph (implicit ring) and the word-of-mouth buffers about 16. A
        // plain CSR of all ties alone would take 28.
        let n = 100_000;
        let net = SocialNetwork::watts_strogatz(n, 6, 0.1, &CounterRng::new(6));
        let hearsay = Hearsay::new(&net, 4096);
        let graph = net.memory_bytes() as f64 / n as f64;
        let total = graph + hearsay.memory_bytes() as f64 / n as f64;
        assert!(graph < 9.0, "graph {graph:.1} bytes per shopper");
        assert!(
            total < 20.0,
            "graph and buffers {total:.1} bytes per shopper"
        );
        let state = crate::model::population::ShopperBlock::BYTES_PER_SHOPPER as f64;
        assert!(state + total <= 128.0);
    }

    #[test]
    fn same_seed_same_graph() {
        let a = SocialNetwork::watts_strogatz(500, 6, 0.1, &CounterRng::new(9));
        let b = SocialNetwork::watts_strogatz(500, 6, 0.1, &CounterRng::new(9));
        assert_eq!(a, b);
    }
}
