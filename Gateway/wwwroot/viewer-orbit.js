// Orbit, pan and zoom around a target with mouse, wheel and touch. Produces the camera instance's
// transform: glTF cameras look down their instance's −Z with +Y up (docs/scene.md), and instance
// transforms are 16 floats, column-major.

/** A camera orbiting `target` at `distance`, turned by `yaw` (about +Y) and `pitch`. */
export class Orbit {
  constructor() {
    this.target = [0, 0, 0];
    this.distance = 3;
    this.yaw = 0.6;
    this.pitch = 0.35;
  }

  /** Frames a bounding box {min, max}: target at its centre, distance so that it fills a 45° view. */
  frame(bounds) {
    if (!bounds) {
      return;
    }
    this.target = [0, 1, 2].map((i) => (bounds.min[i] + bounds.max[i]) / 2);
    const radius = Math.hypot(...[0, 1, 2].map((i) => bounds.max[i] - bounds.min[i])) / 2 || 1;
    this.distance = radius / Math.sin(Math.PI / 8) * 1.1;
  }

  eye() {
    const cp = Math.cos(this.pitch);
    return [
      this.target[0] + this.distance * cp * Math.sin(this.yaw),
      this.target[1] + this.distance * Math.sin(this.pitch),
      this.target[2] + this.distance * cp * Math.cos(this.yaw),
    ];
  }

  /** The camera-to-world matrix, column-major. */
  transform() {
    const eye = this.eye();
    const z = normalize(sub(eye, this.target)); // The camera looks down −Z, so +Z points back at the eye.
    const x = normalize(cross([0, 1, 0], z));
    const y = cross(z, x);
    return [...x, 0, ...y, 0, ...z, 0, ...eye, 1];
  }

  rotate(dx, dy) {
    this.yaw -= dx * 0.008;
    this.pitch = Math.max(-1.5, Math.min(1.5, this.pitch + dy * 0.008));
  }

  pan(dx, dy) {
    const m = this.transform();
    const scale = this.distance * 0.0015;
    for (let i = 0; i < 3; i++) {
      this.target[i] += (-dx * m[i] + dy * m[4 + i]) * scale;
    }
  }

  zoom(factor) {
    this.distance = Math.max(1e-3, this.distance * factor);
  }
}

/**
 * Wires pointer and wheel input on `element` to `orbit`; calls `changed()` after each move.
 * Left drag orbits, right or shift drag pans, the wheel zooms; one finger orbits, two pinch and pan.
 */
export function attachOrbitInput(element, orbit, changed) {
  const pointers = new Map();
  let pinch = null;
  element.addEventListener('contextmenu', (event) => event.preventDefault());
  element.addEventListener('pointerdown', (event) => {
    element.setPointerCapture(event.pointerId);
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY, pan: event.button === 2 || event.shiftKey });
    pinch = pointers.size === 2 ? spread(pointers) : null;
  });
  element.addEventListener('pointermove', (event) => {
    const last = pointers.get(event.pointerId);
    if (!last) {
      return;
    }
    const dx = event.clientX - last.x;
    const dy = event.clientY - last.y;
    last.x = event.clientX;
    last.y = event.clientY;
    if (pointers.size === 2) {
      const now = spread(pointers);
      if (pinch) {
        orbit.zoom(pinch.distance / Math.max(1, now.distance));
        orbit.pan(now.x - pinch.x, now.y - pinch.y);
      }
      pinch = now;
    } else if (last.pan) {
      orbit.pan(dx, dy);
    } else {
      orbit.rotate(dx, dy);
    }
    changed();
  });
  const release = (event) => {
    pointers.delete(event.pointerId);
    pinch = null;
  };
  element.addEventListener('pointerup', release);
  element.addEventListener('pointercancel', release);
  element.addEventListener('wheel', (event) => {
    event.preventDefault();
    orbit.zoom(Math.exp(event.deltaY * 0.001));
    changed();
  }, { passive: false });
}

function spread(pointers) {
  const [a, b] = [...pointers.values()];
  return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2, distance: Math.hypot(a.x - b.x, a.y - b.y) };
}

function sub(a, b) {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}

function cross(a, b) {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function normalize(v) {
  const length = Math.hypot(v[0], v[1], v[2]) || 1;
  return [v[0] / length, v[1] / length, v[2] / length];
}
