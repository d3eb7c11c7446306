# Builds the glTF import test scenes with Blender's bundled glTF 2.0 exporter (io_scene_gltf2), so the
# importer is tested against a real exporter's output. Run from the repository root:
#   blender -b --factory-startup -P tests/TestData/gltf/make_blender_assets.py
# Writes tests/TestData/gltf/blender-scene.glb and blender-scene.gltf (+ .bin + checker.png), and
# blender-extras.glb: what the importer must carry (a JPEG texture behind a Mapping node, which the
# exporter writes as KHR_texture_transform; a hard-edged spot) or report (an animation, shape keys,
# vertex colours, a second UV map, an orthographic camera); and blender-materials.glb: the PBR
# extensions as Blender's Principled BSDF exports them (transmission with a volume's thickness and
# absorption, IOR, clear coat, specular, emission strength).
# The scene: a flat-shaded cube and a smooth-shaded UV sphere (parented to an empty that is rotated
# and scaled), a plane with a PBR material whose base colour is an image texture, a perspective
# camera, and a point, a spot and a sun light in Blender's units (the exporter writes candela/lux).
import os
import struct
import zlib

import bpy

OUT = os.path.join(os.getcwd(), "tests", "TestData", "gltf")


def checker_png(path, size=16):
    """A small RGB checkerboard PNG written by hand (no imaging module in Blender's Python needed)."""
    rows = b""
    for y in range(size):
        row = b"\x00"
        for x in range(size):
            on = ((x // 4) + (y // 4)) % 2 == 0
            row += bytes((230, 60, 40) if on else (30, 30, 200))
        rows += row

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(png)


def clear():
    bpy.ops.wm.read_factory_settings(use_empty=True)


def build():
    clear()
    scene = bpy.context.scene

    # Flat-shaded cube (24 vertices after the exporter splits normals), at +X.
    bpy.ops.mesh.primitive_cube_add(size=2, location=(3, 0, 1))
    cube = bpy.context.active_object
    cube.name = "Cube"
    for p in cube.data.polygons:
        p.use_smooth = False
    red = bpy.data.materials.new("Red")
    red.use_nodes = True
    bsdf = red.node_tree.nodes["Principled BSDF"]
    bsdf.inputs["Base Color"].default_value = (0.8, 0.1, 0.1, 1)
    bsdf.inputs["Metallic"].default_value = 0.0
    bsdf.inputs["Roughness"].default_value = 0.4
    cube.data.materials.append(red)

    # A parent empty, rotated 90° about Z and scaled 2×, with a smooth UV sphere child.
    bpy.ops.object.empty_add(location=(0, 3, 0), rotation=(0, 0, 1.5707963))
    parent = bpy.context.active_object
    parent.name = "Pivot"
    parent.scale = (2, 2, 2)
    bpy.ops.mesh.primitive_uv_sphere_add(segments=16, ring_count=8, radius=0.5, location=(0, 0, 0))
    sphere = bpy.context.active_object
    sphere.name = "Sphere"
    for p in sphere.data.polygons:
        p.use_smooth = True
    sphere.parent = parent
    sphere.location = (1, 0, 0.5)
    gold = bpy.data.materials.new("Gold")
    gold.use_nodes = True
    gbsdf = gold.node_tree.nodes["Principled BSDF"]
    gbsdf.inputs["Base Color"].default_value = (1.0, 0.77, 0.34, 1)
    gbsdf.inputs["Metallic"].default_value = 1.0
    gbsdf.inputs["Roughness"].default_value = 0.25
    gbsdf.inputs["Emission"].default_value = (1.0, 0.5, 0.0, 1)
    gbsdf.inputs["Emission Strength"].default_value = 3.0
    sphere.data.materials.append(gold)

    # Ground plane with an image-textured PBR material.
    bpy.ops.mesh.primitive_plane_add(size=10, location=(0, 0, 0))
    plane = bpy.context.active_object
    plane.name = "Ground"
    tex_path = os.path.join(OUT, "checker.png")
    checker_png(tex_path)
    image = bpy.data.images.load(tex_path)
    checker = bpy.data.materials.new("Checker")
    checker.use_nodes = True
    nodes = checker.node_tree.nodes
    cbsdf = nodes["Principled BSDF"]
    cbsdf.inputs["Roughness"].default_value = 0.8
    tex = nodes.new("ShaderNodeTexImage")
    tex.image = image
    tex.interpolation = "Closest"
    checker.node_tree.links.new(tex.outputs["Color"], cbsdf.inputs["Base Color"])
    plane.data.materials.append(checker)

    # Camera looking at the origin.
    bpy.ops.object.camera_add(location=(8, -8, 6), rotation=(1.1, 0, 0.785398))
    camera = bpy.context.active_object
    camera.name = "Camera"
    camera.data.lens_unit = "FOV"
    camera.data.sensor_fit = "VERTICAL"
    camera.data.angle = 0.8
    scene.camera = camera
    scene.render.resolution_x = 640
    scene.render.resolution_y = 480

    # Lights in Blender units: a point light of 1000 W, a spot of 500 W, a sun of 3 W/m² (the exporter
    # converts them to candela and lux with its "Standard" lighting mode).
    bpy.ops.object.light_add(type="POINT", location=(2, -2, 4))
    bpy.context.active_object.name = "Lamp"
    bpy.context.active_object.data.energy = 1000
    bpy.context.active_object.data.color = (1.0, 0.9, 0.8)
    bpy.ops.object.light_add(type="SPOT", location=(-3, -3, 5), rotation=(0.6, 0, -0.785))
    spot = bpy.context.active_object
    spot.name = "Spot"
    spot.data.energy = 500
    spot.data.spot_size = 1.0
    spot.data.spot_blend = 0.2
    bpy.ops.object.light_add(type="SUN", location=(0, 0, 10), rotation=(0.3, 0.2, 0))
    bpy.context.active_object.name = "Sun"
    bpy.context.active_object.data.energy = 3


def export(path, fmt):
    bpy.ops.export_scene.gltf(
        filepath=path,
        export_format=fmt,
        export_cameras=True,
        export_lights=True,
        export_apply=True,
        export_yup=True,
        export_texcoords=True,
        export_normals=True,
        export_materials="EXPORT",
        export_image_format="AUTO")


def build_extras():
    clear()
    scene = bpy.context.scene
    bpy.ops.mesh.primitive_plane_add(size=2, location=(0, 0, 0))
    plane = bpy.context.active_object
    plane.name = "Panel"
    plane.data.uv_layers.new(name="Second")
    plane.data.color_attributes.new(name="Col", type="BYTE_COLOR", domain="CORNER")
    photo = bpy.data.materials.new("Photo")
    photo.use_nodes = True
    nodes = photo.node_tree.nodes
    links = photo.node_tree.links
    tex = nodes.new("ShaderNodeTexImage")
    tex.image = bpy.data.images.load(os.path.join(OUT, "checker.jpg"))
    mapping = nodes.new("ShaderNodeMapping")
    mapping.inputs["Location"].default_value = (0.25, 0.5, 0)
    mapping.inputs["Rotation"].default_value = (0, 0, 0.5)
    mapping.inputs["Scale"].default_value = (2, 3, 1)
    coords = nodes.new("ShaderNodeTexCoord")
    links.new(coords.outputs["UV"], mapping.inputs["Vector"])
    links.new(mapping.outputs["Vector"], tex.inputs["Vector"])
    links.new(tex.outputs["Color"], nodes["Principled BSDF"].inputs["Base Color"])
    plane.data.materials.append(photo)

    # A cube with a shape key (a morph target) and a keyframed animation.
    bpy.ops.mesh.primitive_cube_add(size=1, location=(0, 0, 2))
    cube = bpy.context.active_object
    cube.name = "Morph"
    cube.shape_key_add(name="Basis")
    key = cube.shape_key_add(name="Stretch")
    key.data[0].co.z += 1
    key.value = 0.5
    cube.keyframe_insert(data_path="location", frame=1)
    cube.location.x += 2
    cube.keyframe_insert(data_path="location", frame=20)

    bpy.ops.object.camera_add(location=(0, -5, 2), rotation=(1.3, 0, 0))
    ortho = bpy.context.active_object
    ortho.name = "Ortho"
    ortho.data.type = "ORTHO"
    ortho.data.ortho_scale = 4
    scene.camera = ortho

    bpy.ops.object.light_add(type="SPOT", location=(0, 0, 4))
    hard = bpy.context.active_object
    hard.name = "HardSpot"
    hard.data.energy = 100
    hard.data.spot_size = 0.8
    hard.data.spot_blend = 0.0


def export_extras(path):
    bpy.ops.export_scene.gltf(
        filepath=path,
        export_format="GLB",
        export_cameras=True,
        export_lights=True,
        export_animations=True,
        export_morph=True,
        export_colors=True,
        export_texcoords=True,
        export_normals=True,
        export_materials="EXPORT",
        export_image_format="AUTO")


def build_materials():
    """Three small spheres, each with one Principled BSDF whose settings the exporter writes as extensions."""
    clear()

    def principled(name, **inputs):
        m = bpy.data.materials.new(name)
        m.use_nodes = True
        bsdf = m.node_tree.nodes["Principled BSDF"]
        for key, value in inputs.items():
            bsdf.inputs[key.replace("_", " ")].default_value = value
        return m

    # Solid tinted glass: transmission and IOR on the BSDF; the thickness on the exporter's glTF Material
    # Output group and the absorption on a Volume Absorption node (KHR_materials_volume).
    glass = principled("Glass", Base_Color=(1, 1, 1, 1), Roughness=0.0, Transmission=1.0, IOR=1.33)
    from io_scene_gltf2.blender.com.gltf2_blender_material_helpers import create_settings_group, get_gltf_node_name
    settings = glass.node_tree.nodes.new("ShaderNodeGroup")
    settings.node_tree = bpy.data.node_groups.get(get_gltf_node_name()) or create_settings_group(get_gltf_node_name())
    settings.inputs["Thickness"].default_value = 0.5
    absorption = glass.node_tree.nodes.new("ShaderNodeVolumeAbsorption")
    absorption.inputs["Color"].default_value = (0.9, 0.6, 0.3, 1)
    absorption.inputs["Density"].default_value = 4.0
    glass.node_tree.links.new(absorption.outputs["Volume"], glass.node_tree.nodes["Material Output"].inputs["Volume"])
    paint = principled("Paint", Base_Color=(0.6, 0.04, 0.03, 1), Roughness=0.5, Clearcoat=1.0, Clearcoat_Roughness=0.1)
    satin = principled("Satin", Base_Color=(0.2, 0.3, 0.8, 1), Roughness=0.4, Specular=0.8, Emission=(1, 0.5, 0.25, 1),
                       Emission_Strength=4.0)
    for i, material in enumerate((glass, paint, satin)):
        bpy.ops.mesh.primitive_uv_sphere_add(segments=16, ring_count=8, radius=0.5, location=(1.5 * i, 0, 0.5))
        sphere = bpy.context.active_object
        sphere.name = material.name
        sphere.data.materials.append(material)


build()
export(os.path.join(OUT, "blender-scene.glb"), "GLB")
export(os.path.join(OUT, "blender-scene.gltf"), "GLTF_SEPARATE")
build_extras()
export_extras(os.path.join(OUT, "blender-extras.glb"))
build_materials()
export(os.path.join(OUT, "blender-materials.glb"), "GLB")
print("wrote", sorted(f for f in os.listdir(OUT) if f.startswith("blender") or f.endswith(".png") or f.endswith(".bin")))
