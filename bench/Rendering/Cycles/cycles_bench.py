"""Blender side of `bench cycles` (bench/Rendering/CyclesBench.cs).

Run with Blender's Python (Debian's blender 3.4):

  blender -b --factory-startup -P bench/Rendering/Cycles/cycles_bench.py -- build  --size 250k --width 320 --height 180 --out scene.glb
  blender -b --factory-startup -P bench/Rendering/Cycles/cycles_bench.py -- render --glb scene.glb --width 320 --height 180 --spp 16 --threads 2 --out cycles.png
      [--clamp-indirect 10 --blur-glossy 1] [--seed 0]

build: the render bench's scene (bench/Rendering/BenchScenes.cs) made in Blender: a sine-noise terrain
(256 or 512 quads per side of 40 m), 30 linked UV spheres (32 or 64 rings) with three glTF-compatible
Principled materials, a point light (1000 W) and a sun (2 W/m2), a camera (vertical fov 0.9 rad); exported
as GLB with Blender's glTF exporter (standard lighting units: W -> candela / lux with 683 lm/W).

render: imports that GLB into an empty scene (so Cycles renders exactly the file the path tracer
renders; its punctual lights are made points and a sun without size again, as glTF defines them, where
the importer gives them Blender's default sizes), black world, Cycles on the CPU with the given samples, no denoiser, no adaptive sampling,
no light/glossy filtering unless --clamp-indirect / --blur-glossy are given, 8 bounces of every kind (the path tracer's default), the Standard view
transform, fixed threads; writes an 8-bit sRGB PNG and prints one line
  CYCLES {"totalSeconds": ..., "cpuSeconds": ..., "samples": ..., "threads": ...}
with the wall and CPU time (all threads) from the render_pre to the render_post handler (sync, BVH
build and path tracing). Run with --debug-cycles, Cycles itself logs "Render time (without
synchronization)": the wall time of path tracing alone, which the bench reads.
"""

import json
import math
import random
import sys
import time

import bpy
import mathutils


def args():
    argv = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else []
    command, rest = argv[0], argv[1:]
    options = {}
    for i in range(0, len(rest), 2):
        options[rest[i].lstrip("-")] = rest[i + 1]
    return command, options


def height(x, y):
    # The bench's height function; Blender is Z-up, so the bench's (x, z) plane is Blender's (x, -y).
    z = -y
    return (0.6 * math.sin(0.7 * x) * math.cos(0.5 * z)
            + 0.15 * math.sin(3.1 * x + 1.0) * math.sin(2.3 * z)
            + 0.05 * math.sin(11.0 * x) * math.cos(13.0 * z))


def material(name, color, metallic, roughness):
    m = bpy.data.materials.new(name)
    m.use_nodes = True
    bsdf = m.node_tree.nodes["Principled BSDF"]
    bsdf.inputs["Base Color"].default_value = (*color, 1.0)
    bsdf.inputs["Metallic"].default_value = metallic
    bsdf.inputs["Roughness"].default_value = roughness
    bsdf.inputs["Specular"].default_value = 0.5  # F0 = 0.04, glTF's dielectric.
    return m


def build(options):
    bpy.ops.wm.read_factory_settings(use_empty=True)
    scene = bpy.context.scene
    scene.render.resolution_x = int(options["width"])
    scene.render.resolution_y = int(options["height"])
    {"250k": terrain_scene, "1m": terrain_scene, "materials": materials_scene, "cornell": cornell_scene}[options["size"]](scene, options)
    bpy.ops.export_scene.gltf(filepath=options["out"], export_format="GLB", export_lights=True, export_cameras=True,
                              export_apply=True, export_yup=True)
    print("BUILT", json.dumps({"glb": options["out"], "scene": options["size"]}))


def add_camera(scene, location, target, angle_y):
    camera = bpy.data.objects.new("camera", bpy.data.cameras.new("camera"))
    camera.data.sensor_fit = "VERTICAL"
    camera.data.angle_y = angle_y
    camera.data.clip_start = 0.01
    camera.location = location
    look(camera, target)
    scene.collection.objects.link(camera)
    scene.camera = camera


def look(obj, target):
    # Points the object's -Z axis (a camera's or a spot's direction) at the target.
    direction = mathutils.Vector(target) - mathutils.Vector(obj.location)
    obj.rotation_euler = direction.to_track_quat("-Z", "Y").to_euler()


def mesh_object(scene, name, verts, faces, mat):
    mesh = bpy.data.meshes.new(name)
    mesh.from_pydata(verts, [], faces)
    mesh.materials.append(mat)
    obj = bpy.data.objects.new(name, mesh)
    scene.collection.objects.link(obj)
    return obj


def checker_image(name, size, checks, a, b):
    image = bpy.data.images.new(name, size, size, alpha=False)
    cell = size // checks
    pixels = []
    for y in range(size):
        for x in range(size):
            c = a if ((x // cell) + (y // cell)) % 2 == 0 else b
            pixels.extend((*c, 1.0))
    image.pixels = pixels
    image.file_format = "PNG"
    image.pack()
    return image


def materials_scene(scene, options):
    """The material extensions under a sun and a spot: a glass sphere (KHR_materials_transmission, _ior), a
    clear-coated paint sphere (_clearcoat), a rough gold sphere, a chrome torus, on a checker-textured floor."""
    floor_material = material("checker", (1.0, 1.0, 1.0), 0.0, 0.6)
    nodes = floor_material.node_tree.nodes
    texture = nodes.new("ShaderNodeTexImage")
    texture.image = checker_image("checker", 256, 16, (0.8, 0.8, 0.75), (0.08, 0.1, 0.12))
    texture.interpolation = "Closest"
    floor_material.node_tree.links.new(texture.outputs["Color"], nodes["Principled BSDF"].inputs["Base Color"])
    bpy.ops.mesh.primitive_plane_add(size=16.0)
    floor = bpy.context.active_object
    floor.name = "floor"
    floor.data.materials.append(floor_material)

    glass = material("glass", (1.0, 1.0, 1.0), 0.0, 0.0)
    glass.node_tree.nodes["Principled BSDF"].inputs["Transmission"].default_value = 1.0
    glass.node_tree.nodes["Principled BSDF"].inputs["IOR"].default_value = 1.5
    # A solid sphere: glTF's transmission alone is thin-walled; the exporter writes KHR_materials_volume with
    # the thickness of its glTF Material Output group (its importer makes Cycles refract either way).
    from io_scene_gltf2.blender.com.gltf2_blender_material_helpers import create_settings_group, get_gltf_node_name
    settings = glass.node_tree.nodes.new("ShaderNodeGroup")
    settings.node_tree = bpy.data.node_groups.get(get_gltf_node_name()) or create_settings_group(get_gltf_node_name())
    settings.inputs["Thickness"].default_value = 2.0
    paint = material("paint", (0.6, 0.04, 0.03), 0.0, 0.5)
    paint.node_tree.nodes["Principled BSDF"].inputs["Clearcoat"].default_value = 1.0
    paint.node_tree.nodes["Principled BSDF"].inputs["Clearcoat Roughness"].default_value = 0.03
    gold = material("gold", (1.0, 0.77, 0.34), 1.0, 0.35)
    for name, mat, x in (("glass", glass, -2.4), ("paint", paint, 0.0), ("gold", gold, 2.4)):
        bpy.ops.mesh.primitive_uv_sphere_add(segments=64, ring_count=32, radius=1.0, location=(x, 0.0, 1.0))
        sphere = bpy.context.active_object
        sphere.name = name
        bpy.ops.object.shade_smooth()
        sphere.data.materials.append(mat)
    bpy.ops.mesh.primitive_torus_add(major_radius=1.0, minor_radius=0.3, major_segments=64, minor_segments=24,
                                     location=(2.3, -2.4, 0.3))
    torus = bpy.context.active_object
    torus.name = "chrome"
    bpy.ops.object.shade_smooth()
    torus.data.materials.append(material("chrome", (0.95, 0.95, 0.95), 1.0, 0.05))

    sun = bpy.data.objects.new("sun", bpy.data.lights.new("sun", "SUN"))
    sun.data.energy = 2.0
    sun.data.angle = 0.0
    sun.rotation_euler = (math.radians(50), 0.0, math.radians(-40))
    scene.collection.objects.link(sun)
    spot = bpy.data.objects.new("spot", bpy.data.lights.new("spot", "SPOT"))
    spot.data.energy = 3000.0
    spot.data.shadow_soft_size = 0.0
    spot.data.spot_size = math.radians(50)
    # Hard-edged: Blender's soft edge (spot_blend) and glTF's (inner and outer cone) are different curves. The
    # exporter writes inner = outer x (1 - blend), and glTF's squared ramp between the cones leaves a spot
    # with blend 0.2 about 14% darker on this floor than Cycles' narrower smoothstep; the comparison is of the
    # renderers, not of the two falloff conventions (docs/rendering.md, "Equal quality with Cycles").
    spot.data.spot_blend = 0.0
    spot.location = (-3.0, -4.0, 7.0)
    look(spot, (0.0, 0.5, 0.5))
    scene.collection.objects.link(spot)
    add_camera(scene, (0.0, -8.5, 3.5), (0.0, 0.8, 0.7), 0.7)


def cornell_scene(scene, options):
    """A Cornell box (2 m) lit by an emissive quad under its ceiling (KHR_materials_emissive_strength): an area
    light, which glTF has only as emissive triangles; a short and a tall box inside."""
    white = material("white", (0.73, 0.73, 0.73), 0.0, 1.0)
    red = material("red", (0.63, 0.065, 0.05), 0.0, 1.0)
    green = material("green", (0.14, 0.45, 0.09), 0.0, 1.0)
    for m in (white, red, green):
        m.node_tree.nodes["Principled BSDF"].inputs["Specular"].default_value = 0.0
    quad = [(0, 1, 2, 3)]
    mesh_object(scene, "floor", [(-1, -1, 0), (1, -1, 0), (1, 1, 0), (-1, 1, 0)], quad, white)
    mesh_object(scene, "ceiling", [(-1, -1, 2), (-1, 1, 2), (1, 1, 2), (1, -1, 2)], quad, white)
    mesh_object(scene, "back", [(-1, 1, 0), (1, 1, 0), (1, 1, 2), (-1, 1, 2)], quad, white)
    mesh_object(scene, "left", [(-1, -1, 0), (-1, 1, 0), (-1, 1, 2), (-1, -1, 2)], quad, red)
    mesh_object(scene, "right", [(1, -1, 0), (1, -1, 2), (1, 1, 2), (1, 1, 0)], quad, green)
    light = bpy.data.materials.new("light")
    light.use_nodes = True
    bsdf = light.node_tree.nodes["Principled BSDF"]
    bsdf.inputs["Base Color"].default_value = (0.0, 0.0, 0.0, 1.0)
    bsdf.inputs["Specular"].default_value = 0.0
    bsdf.inputs["Emission"].default_value = (1.0, 0.85, 0.6, 1.0)
    bsdf.inputs["Emission Strength"].default_value = 25.0
    mesh_object(scene, "light", [(-0.25, -0.25, 1.99), (-0.25, 0.25, 1.99), (0.25, 0.25, 1.99), (0.25, -0.25, 1.99)], quad, light)
    for name, (cx, cy), size, h, angle in (("short", (0.33, -0.3), 0.6, 0.6, -0.3), ("tall", (-0.33, 0.3), 0.6, 1.2, 0.3)):
        bpy.ops.mesh.primitive_cube_add(size=1.0, location=(cx, cy, h / 2), rotation=(0.0, 0.0, angle))
        box = bpy.context.active_object
        box.name = name
        box.scale = (size, size, h)
        box.data.materials.append(white)
    add_camera(scene, (0.0, -3.9, 1.0), (0.0, 0.0, 1.0), 0.69)


def terrain_scene(scene, options):
    quads, rings = (256, 32) if options["size"] == "250k" else (512, 64)

    size = 40.0
    verts = []
    for j in range(quads + 1):
        for i in range(quads + 1):
            x = -size / 2 + size * i / quads
            y = -size / 2 + size * j / quads
            verts.append((x, y, height(x, y)))
    faces = []
    for j in range(quads):
        for i in range(quads):
            a = j * (quads + 1) + i
            faces.append((a, a + 1, a + quads + 2, a + quads + 1))
    mesh = bpy.data.meshes.new("terrain")
    mesh.from_pydata(verts, [], faces)
    mesh.materials.append(material("ground", (0.45, 0.4, 0.3), 0.0, 0.9))
    terrain = bpy.data.objects.new("terrain", mesh)
    scene.collection.objects.link(terrain)

    bpy.ops.mesh.primitive_uv_sphere_add(segments=2 * rings, ring_count=rings, radius=1.0)
    first = bpy.context.active_object
    first.name = "sphere-0"
    bpy.ops.object.shade_smooth()
    materials = [material("red", (0.9, 0.2, 0.1), 0.0, 0.3), material("metal", (0.95, 0.9, 0.8), 1.0, 0.2),
                 material("blue", (0.2, 0.5, 0.9), 0.0, 0.6)]
    for m in materials:
        first.data.materials.append(m)
    # One mesh shared by every sphere; each object picks its material through an object-linked slot.
    first.material_slots[0].link = "OBJECT"
    rng = random.Random(1)
    for i in range(30):
        obj = first if i == 0 else first.copy()
        if i > 0:
            obj.name = f"sphere-{i}"
            scene.collection.objects.link(obj)
        x = rng.random() * 24 - 12
        z = rng.random() * 24 - 16
        r = 0.4 + rng.random()
        obj.location = (x, -z, height(x, -z) + r)
        obj.scale = (r, r, r)
        obj.material_slots[0].link = "OBJECT"
        obj.material_slots[0].material = materials[i % 3]

    point = bpy.data.objects.new("point", bpy.data.lights.new("point", "POINT"))
    point.data.energy = 1000.0
    point.data.shadow_soft_size = 0.0
    point.location = (4.0, -2.0, 12.0)
    scene.collection.objects.link(point)
    sun = bpy.data.objects.new("sun", bpy.data.lights.new("sun", "SUN"))
    sun.data.energy = 2.0
    sun.data.angle = 0.0
    sun.rotation_euler = (math.radians(40), 0.0, math.radians(30))
    scene.collection.objects.link(sun)

    camera = bpy.data.objects.new("camera", bpy.data.cameras.new("camera"))
    camera.data.sensor_fit = "VERTICAL"
    camera.data.angle_y = 0.9
    camera.data.clip_start = 0.01
    camera.location = (0.0, -14.0, 6.0)
    # Looks at (0, 4, 0), the bench's (0, 0, -4): 6 m down over 18 m ahead.
    camera.rotation_euler = (math.pi / 2 - math.atan2(6.0, 18.0), 0.0, 0.0)
    scene.collection.objects.link(camera)
    scene.camera = camera


def render(options):
    # Blender 3.4's glTF importer still uses numpy.bool, which NumPy 1.24 removed (Debian ships a newer NumPy).
    import numpy
    if not hasattr(numpy, "bool"):
        numpy.bool = bool
    bpy.ops.wm.read_factory_settings(use_empty=True)
    bpy.ops.import_scene.gltf(filepath=options["glb"])
    scene = bpy.context.scene
    # glTF's punctual lights are points and directions without size. Blender's importer gives them Blender's
    # defaults instead, a 0.25 m radius for point and spot lights and a 0.526 degree sun, which Cycles renders
    # as soft area lights (wider highlights, soft shadows, caustics a path can hit): back to the file's lights.
    for light in bpy.data.lights:
        light.shadow_soft_size = 0.0
        if light.type == "SUN":
            light.angle = 0.0
    cameras = [o for o in scene.objects if o.type == "CAMERA"]
    scene.camera = cameras[0]
    world = bpy.data.worlds.new("black")
    world.color = (0.0, 0.0, 0.0)
    scene.world = world
    scene.render.engine = "CYCLES"
    cycles = scene.cycles
    cycles.device = "CPU"
    cycles.samples = int(options["spp"])
    cycles.use_adaptive_sampling = False
    cycles.use_denoising = False
    cycles.max_bounces = 8
    cycles.diffuse_bounces = 8
    cycles.glossy_bounces = 8
    cycles.transmission_bounces = 8
    cycles.volume_bounces = 0
    cycles.transparent_max_bounces = 8
    cycles.sample_clamp_direct = 0.0
    # Off unless asked for (the equal-quality comparison passes Cycles' defaults, 10 and 1).
    cycles.sample_clamp_indirect = float(options.get("clamp-indirect", "0"))
    cycles.blur_glossy = float(options.get("blur-glossy", "0"))
    cycles.caustics_reflective = True
    cycles.caustics_refractive = True
    # The equal-quality bench renders its N-spp image with another seed than the reference, so that the two
    # images do not share their first N samples.
    cycles.seed = int(options.get("seed", "0"))
    scene.render.resolution_x = int(options["width"])
    scene.render.resolution_y = int(options["height"])
    scene.render.resolution_percentage = 100
    scene.render.threads_mode = "FIXED"
    scene.render.threads = int(options["threads"])
    scene.render.use_persistent_data = False
    scene.view_settings.view_transform = "Standard"
    scene.view_settings.look = "None"
    scene.view_settings.exposure = 0.0
    scene.view_settings.gamma = 1.0
    if options["out"].endswith(".exr"):
        # Linear radiance, 32-bit float, for error measurements (the view transform does not apply).
        scene.render.image_settings.file_format = "OPEN_EXR"
        scene.render.image_settings.color_mode = "RGB"
        scene.render.image_settings.color_depth = "32"
        scene.render.image_settings.exr_codec = "ZIP"
    else:
        scene.render.image_settings.file_format = "PNG"
        scene.render.image_settings.color_mode = "RGB"
        scene.render.image_settings.color_depth = "8"
    scene.render.filepath = options["out"]

    # Wall and CPU time (every thread of the process: CLOCK_PROCESS_CPUTIME_ID) from before sync to after the render.
    marks = {}
    bpy.app.handlers.render_pre.append(lambda *_: marks.update(pre=time.perf_counter(), pre_cpu=time.process_time()))
    bpy.app.handlers.render_post.append(lambda *_: marks.update(post=time.perf_counter(), post_cpu=time.process_time()))
    bpy.ops.render.render(write_still=True)
    print("CYCLES", json.dumps({"totalSeconds": marks["post"] - marks["pre"], "cpuSeconds": marks["post_cpu"] - marks["pre_cpu"],
                                "samples": cycles.samples, "threads": scene.render.threads}))


if __name__ == "__main__":
    command, options = args()
    {"build": build, "render": render}[command](options)
