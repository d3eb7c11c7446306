// The OrleansBridge viewer page (docs/viewer.md): connects to an application with a token, imports a
// glTF, streams the render onto the canvas, and steers the camera and the render settings.

import { BridgeError, BridgeSession, ErrorCode, applicationUrl } from './bridge-client.js';
import { Orbit, attachOrbitInput } from './viewer-orbit.js';
import { ViewerScene } from './viewer-scene.js';
import { H264Decoder, Screen, StillStream, StreamFigures, drawImageBytes } from './viewer-stream.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const ui = {
  application: $('application'), token: $('token'), form: $('connect-form'), connect: $('connect'), disconnect: $('disconnect'),
  state: $('state'), file: $('file'), drop: $('drop'), progress: $('upload-progress'), modelStatus: $('model-status'),
  spp: $('spp'), toneMapping: $('tone-mapping'), exposure: $('exposure'), exposureValue: $('exposure-value'), still: $('still'),
  snapshotName: $('snapshot-name'), snapshotSave: $('snapshot-save'), snapshotList: $('snapshot-list'), snapshotLoad: $('snapshot-load'),
  exportGltf: $('export-gltf'),
  log: $('log'), canvas: $('view'), overlay: $('overlay'),
};
const figures = new StreamFigures(ui.overlay);
const screen = new Screen(ui.canvas, figures);
const orbit = new Orbit();
const settings = {
  size: () => ({ width: 640, height: 360 }),
  spp: () => Number(ui.spp.value) || 64,
  toneMapping: () => ui.toneMapping.value,
  exposure: () => Number(ui.exposure.value),
};
let session = null;
let scene = null;
let stream = null; // {kind, stop(), restart?(), keyframe?()}

/** A line in the page's log (newest first); also what tests read to follow the session. */
function log(text, error = false) {
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()} ${text}`;
  item.classList.toggle('error', error);
  ui.log.prepend(item);
  while (ui.log.children.length > 200) {
    ui.log.lastChild.remove();
  }
}

function describe(error) {
  return error instanceof BridgeError ? `${error.code}: ${error.reason}` : (error?.message ?? String(error));
}

function showState(state, reason) {
  ui.state.dataset.state = state;
  ui.state.textContent = state.toUpperCase();
  document.body.dataset.stateHistory = `${document.body.dataset.stateHistory ?? ''} ${state}`.trim();
  if (reason !== undefined || state !== 'closed') {
    log(`session ${state}${reason ? `: ${reason}` : ''}`, state === 'closed');
  }
  const live = state === 'connected' || state === 'pending';
  for (const control of [ui.file, ui.still, ui.snapshotSave, ui.snapshotLoad, ui.exportGltf, ui.disconnect]) {
    control.disabled = !live;
  }
  ui.connect.disabled = live || state === 'connecting';
}

async function loadApplications() {
  const { applications } = await (await fetch('/viewer/applications.json')).json();
  for (const app of applications) {
    const option = new Option(`${app.name} (${app.path})${app.open ? '' : ' – closed'}`, app.path);
    option.disabled = !app.open;
    ui.application.add(option);
  }
  const wanted = params.get('app');
  const match = applications.find((a) => a.name === wanted || a.path === wanted);
  if (match) {
    ui.application.value = match.path;
  }
}

/** Where the page keeps what a reload needs to resume its session (this tab only). */
const RESUME_KEY = 'orleansbridge.viewer.resume';

function savedSession(application) {
  try {
    const saved = JSON.parse(sessionStorage.getItem(RESUME_KEY) ?? 'null');
    return saved?.application === application ? saved : null;
  } catch {
    return null;
  }
}

/** A reload or a navigation away leaves the session PENDING (the socket closes without a Close message): keep what resumes it. */
window.addEventListener('pagehide', () => {
  if (session && !session.end) {
    sessionStorage.setItem(RESUME_KEY, JSON.stringify({
      application: ui.application.value, videoContext: stream?.context ?? null, ...session.resumeInfo(),
    }));
  }
});

async function connect() {
  showState('connecting');
  const url = applicationUrl(ui.application.value);
  // MediaAck once a frame is on screen (Screen.draw), not on arrival: the server paces on what is shown.
  const options = { token: ui.token.value, clientName: 'orleansbridge-viewer', clientBuild: '1', mediaAck: 'manual' };
  const saved = savedSession(ui.application.value);
  sessionStorage.removeItem(RESUME_KEY);
  let resumed = false;
  try {
    if (saved) {
      try {
        session = await BridgeSession.resume(url, saved, options);
        resumed = true;
      } catch (error) {
        log(`resume after reload: ${describe(error)}; opening a new session`);
      }
    }
    session ??= await BridgeSession.connect(url, options);
  } catch (error) {
    session = null;
    showState('closed', describe(error));
    return;
  }
  document.body.dataset.sessionId = session.sessionId;
  scene = new ViewerScene(session);
  session.on('state', (change) => {
    showState(change.state, change.reason);
    if (change.previous === 'pending' && change.state === 'connected') {
      // Media frames are not replayed: the decoder needs a fresh keyframe. A context the server does not
      // have (the session moved to another server, which never ran it) is opened again.
      Promise.resolve(stream?.keyframe?.()).then(async (answer) => {
        if (answer?.ok === false && answer.code === ErrorCode.VideoContextNotFound) {
          log('video: the context did not survive the resume (the session moved); opening it again');
          await startStream();
        }
      });
    }
  });
  session.on('video.error', (data) => log(`video: ${data.code} ${data.message}`, true));
  showState('connected', `session ${session.sessionId}`);
  if (resumed) {
    log(`resumed session ${session.sessionId} after a reload`);
    if (saved.videoContext) {
      session.send('video.close', { context: saved.videoContext }).catch(() => {}); // the earlier page's stream; this page starts its own
    }
    const head = await session.request('scene.head');
    if (head.version > 0) {
      await startStream();
    }
  }
  await refreshSnapshots();
}

/** Starts the picture: a video context when the server has them, else the render.still fallback. */
async function startStream() {
  stream?.stop();
  const { width, height } = settings.size();
  if (session.capabilities.includes('video.create')) {
    const h264 = await H264Decoder.supported();
    const decoder = h264 ? new H264Decoder(screen, (error) => log(`decoder: ${describe(error)}`, true)) : null;
    const context = await session.request('video.create', { width, height, format: h264 ? 'h264' : 'jpg', mode: 'streaming', spp: settings.spp() });
    figures.kind(`${context.format} (${context.encoder ?? 'video'})`);
    const current = session;
    const off = session.on('media', ({ mediaId, info, data, receivedAt }) => {
      const ack = () => current.ackMedia(mediaId);
      if (info?.context !== context.context) {
        ack(); // another context's (an earlier page's): nothing here draws it
        return;
      }
      if (decoder) {
        decoder.decode(info, data, { mediaId, receivedAt, ack });
      } else {
        drawImageBytes(screen, data, 'image/jpeg', {
          bytes: data.byteLength, spp: info.spp, version: info.version, transaction: info.transaction, timeline: info.timeline, mediaId, receivedAt, ack,
        }).catch((error) => log(`frame: ${describe(error)}`, true));
      }
    });
    stream = {
      kind: 'video',
      context: context.context,
      stop: () => { off(); decoder?.close(); session.send('video.close', { context: context.context }); },
      keyframe: () => { decoder?.reset(); return session.send('video.keyframe', { context: context.context }); },
      update: (values) => session.send('video.update', { context: context.context, ...values }),
    };
  } else {
    figures.kind('render.still (jpg)');
    const still = new StillStream(session, screen, settings, (text, error) => log(`stream: ${text}`, error));
    stream = { kind: 'still', stop: () => still.stop(), restart: () => still.restart() };
    still.restart();
  }
}

async function importFiles(files) {
  ui.progress.value = 0;
  ui.modelStatus.textContent = `Hashing ${files.map((f) => f.name).join(', ')}…`;
  try {
    const { result, uploaded } = await scene.importFiles(files, {
      onUpload: (p) => {
        ui.progress.value = p.phase === 'done' || p.total === 0 ? 1 : p.done / p.total;
        ui.modelStatus.textContent = `${p.phase} ${p.done} / ${p.total} bytes`;
        if (p.phase === 'done') {
          ui.modelStatus.dataset.uploadedBytes = String(p.sent);
          log(`uploaded ${p.sent} of ${p.total} bytes${p.sent === 0 ? ': already in the cache' : ''}`);
        }
      },
      onProgress: (p) => { ui.modelStatus.textContent = `importing ${(p.progress * 100).toFixed(0)}% ${p.message ?? ''}`; },
    });
    ui.progress.value = 1;
    const sent = uploaded.reduce((sum, u) => sum + u.sent, 0);
    ui.modelStatus.textContent = `${files[0].name}: ${result.elements} elements, ${result.triangles} triangles; sent ${sent} bytes`
      + (sent === 0 ? ' (already in the cache)' : '');
    log(`imported ${files[0].name}: ${result.elements} elements`);
    await frameAndStream();
  } catch (error) {
    ui.modelStatus.textContent = describe(error);
    log(`import: ${describe(error)}`, true);
  }
}

async function frameAndStream() {
  orbit.frame(await scene.bounds());
  const { width, height } = settings.size();
  await scene.installCamera(orbit.transform(), width / height);
  await scene.applySettings({ toneMapping: settings.toneMapping(), exposure: settings.exposure(), samplesPerPixel: settings.spp() });
  await startStream();
}

function cameraMoved() {
  if (!session || !scene?.sceneName) {
    return;
  }
  scene.moveCamera(orbit.transform(), (commit, sentAt) => {
    screen.edited(commit, sentAt);
    stream?.restart?.();
  }).catch((error) => log(`camera: ${describe(error)}`, true));
}

async function settingsChanged() {
  ui.exposureValue.textContent = ui.exposure.value;
  if (!session || !scene?.sceneName) {
    return;
  }
  try {
    const sentAt = performance.now();
    const commit = await scene.applySettings({ toneMapping: settings.toneMapping(), exposure: settings.exposure(), samplesPerPixel: settings.spp() });
    if (commit) {
      screen.edited(commit, sentAt);
    }
    await stream?.update?.({ spp: settings.spp() });
    stream?.restart?.();
  } catch (error) {
    log(`settings: ${describe(error)}`, true);
  }
}

async function downloadStill() {
  ui.still.disabled = true;
  try {
    const { width, height } = settings.size();
    const result = await session.runJob('render.still', {
      width, height, spp: settings.spp(), format: 'png', toneMapping: settings.toneMapping(), exposure: settings.exposure(),
    }, { onProgress: (p) => { ui.modelStatus.textContent = `still ${(p.progress * 100).toFixed(0)}%`; } });
    const bytes = await session.download(result.image);
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([bytes], { type: 'image/png' }));
    link.download = `still-${width}x${height}-${result.spp}spp.png`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    log(`still: ${result.spp} spp in ${result.renderSeconds?.toFixed?.(2) ?? '?'} s`);
  } catch (error) {
    log(`still: ${describe(error)}`, true);
  } finally {
    ui.still.disabled = false;
  }
}

/** scene.export (docs/jobs.md): the committed scene, or the selected snapshot, downloaded as one .glb. */
async function exportGltf() {
  ui.exportGltf.disabled = true;
  try {
    const snapshot = ui.snapshotList.value || undefined;
    const name = snapshot ?? 'scene';
    const result = await session.runJob('scene.export', { format: 'glb', snapshot, name }, {
      onProgress: (p) => { ui.modelStatus.textContent = `export ${(p.progress * 100).toFixed(0)}%`; },
    });
    const file = result.files[0];
    const bytes = await session.download(file.hash);
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([bytes], { type: 'model/gltf-binary' }));
    link.download = file.name;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    log(`export: ${file.name}, ${file.bytes} bytes, ${result.elements} elements`);
  } catch (error) {
    log(`export: ${describe(error)}`, true);
  } finally {
    ui.exportGltf.disabled = false;
  }
}

async function refreshSnapshots() {
  try {
    const snapshots = await session.listSnapshots();
    ui.snapshotList.replaceChildren(...snapshots.map((s) => new Option(`${s.name} (${s.elements} elements)`, s.name)));
  } catch (error) {
    log(`snapshots: ${describe(error)}`, true);
  }
}

ui.form.addEventListener('submit', (event) => { event.preventDefault(); connect(); });
ui.disconnect.addEventListener('click', () => { stream?.stop(); session?.close(); });
ui.file.addEventListener('change', () => importFiles([...ui.file.files]));
ui.drop.addEventListener('dragover', (event) => { event.preventDefault(); ui.drop.classList.add('over'); });
ui.drop.addEventListener('dragleave', () => ui.drop.classList.remove('over'));
ui.drop.addEventListener('drop', (event) => {
  event.preventDefault();
  ui.drop.classList.remove('over');
  if (session) {
    importFiles([...event.dataTransfer.files]);
  }
});
for (const control of [ui.spp, ui.toneMapping, ui.exposure]) {
  control.addEventListener('change', settingsChanged);
}
ui.exposure.addEventListener('input', () => { ui.exposureValue.textContent = ui.exposure.value; });
ui.still.addEventListener('click', downloadStill);
ui.exportGltf.addEventListener('click', exportGltf);
ui.snapshotSave.addEventListener('click', async () => {
  try {
    const saved = await session.saveSnapshot({ name: ui.snapshotName.value || undefined });
    log(`snapshot ${saved.name} saved`);
    await refreshSnapshots();
  } catch (error) {
    log(`snapshot: ${describe(error)}`, true);
  }
});
ui.snapshotLoad.addEventListener('click', async () => {
  try {
    await session.importSnapshot(ui.snapshotList.value);
    log(`snapshot ${ui.snapshotList.value} loaded`);
    await frameAndStream();
  } catch (error) {
    log(`snapshot: ${describe(error)}`, true);
  }
});
attachOrbitInput(ui.canvas, orbit, cameraMoved);

/** For the console and for tests: the live objects of the page. */
window.viewer = {
  get session() { return session; },
  get scene() { return scene; },
  get stream() { return stream; },
  screen,
  orbit,
};

showState('closed');
ui.token.value = params.get('token') ?? '';
await loadApplications();
if (ui.token.value) {
  await connect();
}
