/**
 * Entry point of the citizen video page (served at /video): a 113 caller shows AMK the scene.
 * A separate, small bundle: React, livekit-client and the page itself.
 */
import { createRoot } from 'react-dom/client';
import '../join/join.css';
import './video.css';
import { CitizenApp } from './citizen-app';

const root = document.getElementById('root');
if (!root) throw new Error('video.html has no #root element');
createRoot(root).render(<CitizenApp />);
