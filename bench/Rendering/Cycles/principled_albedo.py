"""Single-bounce directional albedo of the bench's materials, ours against Blender 3.4's Principled BSDF.

Ours: the glTF metallic-roughness dielectric with the renderer's energy terms (docs/rendering.md,
"Light transport"): c·(1 - E_s(mu)) + E_s(mu), E_s = F0·A + B + F_ms·(1 - E).
Cycles 3.4 Principled v1 (dielectric, default "GGX" distribution): Burley's diffuse with retro-reflection,
not weighted by the specular, plus single-scattering GGX on top: c·D(mu) + F0·A + B (Schlick F, F0 0.04).
The Cornell box's walls have Specular 0 (F0 0; both models keep Schlick's rise to 1 at grazing angles:
Principled's specular lobe, glTF's KHR_materials_specular with specularColorFactor 0 and f90 1).
Midpoint quadrature over (cos theta_i, phi). Run: python3 principled_albedo.py (needs NumPy; a minute or two),
or with Blender's Python: blender -b --factory-startup --python bench/Rendering/Cycles/principled_albedo.py
"""
import numpy as np

N = 300
MU_I = (np.arange(N) + 0.5) / N
PHI = (np.arange(2 * N) + 0.5) / (2 * N) * np.pi  # half a turn, mirrored
MI, PH = np.meshgrid(MU_I, PHI, indexing="ij")
DW = 2 * (1.0 / N) * (np.pi / (2 * N))


def ggx_split(mu_o, alpha):
    """A and B of the white single-scattering GGX lobe (height-correlated Smith), and l·v on the grid."""
    v = np.array([np.sqrt(1 - mu_o ** 2), 0.0, mu_o])
    s = np.sqrt(1 - MI ** 2)
    lx, ly, lz = s * np.cos(PH), s * np.sin(PH), MI
    hx, hy, hz = v[0] + lx, ly, v[2] + lz
    length = np.sqrt(hx * hx + hy * hy + hz * hz)
    nh, vh = hz / length, (v[0] * hx + v[2] * hz) / length
    a2 = alpha * alpha
    d = a2 / (np.pi * (nh * nh * (a2 - 1) + 1) ** 2)
    vis = 0.5 / (MI * np.sqrt(mu_o ** 2 * (1 - a2) + a2) + mu_o * np.sqrt(MI ** 2 * (1 - a2) + a2))
    f, schlick = d * vis * MI, (1 - vh) ** 5
    return (f * (1 - schlick)).sum() * DW, (f * schlick).sum() * DW, v[0] * lx + v[2] * lz


def burley(mu_o, roughness, ldotv):
    fv, fl = (1 - mu_o) ** 5, (1 - MI) ** 5
    rr = roughness * (1 + ldotv)
    f = (1 - 0.5 * fv) * (1 - 0.5 * fl) + rr * (fl + fv + fl * fv * (rr - 1))
    return (f / np.pi * MI).sum() * DW


def luminance(c):
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]


def main():
    materials = [("white", (1.0, 1.0, 1.0), 0.9, 0.04), ("ground", (0.45, 0.4, 0.3), 0.9, 0.04),
                 ("red", (0.9, 0.2, 0.1), 0.3, 0.04), ("blue", (0.2, 0.5, 0.9), 0.6, 0.04),
                 ("cornell white", (0.73, 0.73, 0.73), 1.0, 0.0), ("checker light", (0.6, 0.6, 0.52), 0.6, 0.04)]
    for name, color, roughness, F0 in materials:
        c, alpha = np.array(color), roughness * roughness
        mus = np.linspace(0.0025, 0.9975, 200)
        e = np.array([sum(ggx_split(m, alpha)[:2]) for m in mus])
        e_avg = np.sum(2 * mus * e) / len(mus)
        f_avg = F0 + (1 - F0) / 21
        f_ms = f_avg ** 2 * e_avg / (1 - f_avg * (1 - e_avg))
        print(f"{name}: colour {color}, roughness {roughness}")
        for mu in (1.0, 0.7, 0.5, 0.3, 0.1):
            a, b, ldotv = ggx_split(mu, alpha)
            e_s = F0 * a + b + f_ms * (1 - a - b)
            ours = luminance(c * (1 - e_s) + e_s)
            cycles = luminance(c * burley(mu, roughness, ldotv) + F0 * a + b)
            print(f"  n.v {mu:.1f}: ours {ours:.4f}  Cycles 3.4 Principled {cycles:.4f}  ratio {cycles / ours:.3f}")


if __name__ == "__main__":
    main()
