//! Force-directed layout of the actor graph for the web UI, computed on the server so that the
//! page is plain SVG (no JavaScript layout library).
//!
//! This is the Fruchterman–Reingold algorithm (1991): every pair of nodes repels with force
//! `k²/d`, every edge attracts with `d²/k` (`k` = the ideal edge length, `sqrt(area / n)`),
//! and each step moves a node at most `temperature`, which cools linearly to zero. Start
//! positions are on a circle in input order, so the layout is deterministic: the same graph
//! always draws the same way. O(n²) per step, fine for the few dozen actors a page shows.
//! (A dependency was not worth it: the maintained force-layout crates pull in a graph library
//! or a renderer for about sixty lines of arithmetic.)

/// A point in the layout's square.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Horizontal position, `0..=size`.
    pub x: f64,
    /// Vertical position, `0..=size`.
    pub y: f64,
}

/// Positions for `n` nodes joined by `edges` (pairs of node indices, with a weight ≥ 0)
/// inside a `size` × `size` square, after `iterations` steps.
pub fn fruchterman_reingold(
    n: usize,
    edges: &[(usize, usize, f64)],
    size: f64,
    iterations: usize,
) -> Vec<Point> {
    if n == 0 {
        return Vec::new();
    }
    let centre = size / 2.0;
    let mut pos: Vec<Point> = (0..n)
        .map(|i| {
            let a = i as f64 / n as f64 * std::f64::consts::TAU;
            // A slightly irregular circle, so symmetric graphs do not stay balanced on a line.
            let r = size * (0.3 + 0.05 * ((i * 7) % 5) as f64 / 5.0);
            Point {
                x: centre + r * a.cos(),
                y: centre + r * a.sin(),
            }
        })
        .collect();
    if n == 1 {
        return vec![Point {
            x: centre,
            y: centre,
        }];
    }
    let k = (size * size / n as f64).sqrt() * 0.75;
    let mut disp = vec![(0.0f64, 0.0f64); n];
    let start_temperature = size / 10.0;
    for step in 0..iterations {
        let temperature = start_temperature * (1.0 - step as f64 / iterations as f64);
        disp.iter_mut().for_each(|d| *d = (0.0, 0.0));
        for i in 0..n {
            for j in (i + 1)..n {
                let (dx, dy) = (pos[i].x - pos[j].x, pos[i].y - pos[j].y);
                let d = (dx * dx + dy * dy).sqrt().max(0.01);
                let f = k * k / d;
                let (fx, fy) = (dx / d * f, dy / d * f);
                disp[i].0 += fx;
                disp[i].1 += fy;
                disp[j].0 -= fx;
                disp[j].1 -= fy;
            }
        }
        for &(a, b, w) in edges {
            if a >= n || b >= n || a == b {
                continue;
            }
            let (dx, dy) = (pos[a].x - pos[b].x, pos[a].y - pos[b].y);
            let d = (dx * dx + dy * dy).sqrt().max(0.01);
            let f = d * d / k * (1.0 + w.max(0.0).ln_1p());
            let (fx, fy) = (dx / d * f, dy / d * f);
            disp[a].0 -= fx;
            disp[a].1 -= fy;
            disp[b].0 += fx;
            disp[b].1 += fy;
        }
        for (p, &(dx, dy)) in pos.iter_mut().zip(&disp) {
            let len = (dx * dx + dy * dy).sqrt().max(0.01);
            let step = len.min(temperature);
            // A weak pull to the centre keeps unconnected nodes on the canvas.
            p.x += dx / len * step + (centre - p.x) * 0.01;
            p.y += dy / len * step + (centre - p.y) * 0.01;
            p.x = p.x.clamp(size * 0.05, size * 0.95);
            p.y = p.y.clamp(size * 0.05, size * 0.95);
        }
    }
    fit(&mut pos, size);
    pos
}

/// Centre the drawing and scale it (the same in both directions, at most 2x) to fill the
/// middle 84% of the square.
fn fit(pos: &mut [Point], size: f64) {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in pos.iter() {
        x0 = x0.min(p.x);
        y0 = y0.min(p.y);
        x1 = x1.max(p.x);
        y1 = y1.max(p.y);
    }
    let extent = (x1 - x0).max(y1 - y0);
    let scale = if extent > 1.0 {
        (size * 0.84 / extent).min(2.0)
    } else {
        1.0
    };
    let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    for p in pos.iter_mut() {
        p.x = size / 2.0 + (p.x - cx) * scale;
        p.y = size / 2.0 + (p.y - cy) * scale;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dist(a: Point, b: Point) -> f64 {
        ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt()
    }

    #[test]
    fn layout_stays_inside_and_is_deterministic() {
        let edges = [(0, 1, 1.0), (1, 2, 1.0), (2, 0, 3.0), (3, 4, 1.0)];
        let a = fruchterman_reingold(6, &edges, 800.0, 200);
        let b = fruchterman_reingold(6, &edges, 800.0, 200);
        assert_eq!(a, b);
        assert!(a
            .iter()
            .all(|p| (0.0..=800.0).contains(&p.x) && (0.0..=800.0).contains(&p.y)));
    }

    #[test]
    fn layout_pulls_linked_nodes_closer_than_unlinked() {
        let edges = [(0, 1, 5.0)];
        let p = fruchterman_reingold(4, &edges, 800.0, 300);
        assert!(dist(p[0], p[1]) < dist(p[2], p[3]));
    }

    #[test]
    fn layout_handles_empty_and_single() {
        assert!(fruchterman_reingold(0, &[], 100.0, 10).is_empty());
        assert_eq!(fruchterman_reingold(1, &[], 100.0, 10).len(), 1);
    }

    #[test]
    fn layout_is_centred() {
        let p = fruchterman_reingold(2, &[(0, 1, 1.0)], 1000.0, 100);
        let (cx, cy) = ((p[0].x + p[1].x) / 2.0, (p[0].y + p[1].y) / 2.0);
        assert!(
            (cx - 500.0).abs() < 1.0 && (cy - 500.0).abs() < 1.0,
            "{p:?}"
        );
    }
}
