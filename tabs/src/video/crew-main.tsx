/**
 * Entry point of the ambulance crew's page (served at /crew): the crew joins an emergency call
 * from AMK's SMS link. Built with the citizen page (same bundle budget, shared assets).
 */
import { createRoot } from 'react-dom/client';
import '../join/join.css';
import './video.css';
import { CrewApp } from './crew-app';

const root = document.getElementById('root');
if (!root) throw new Error('crew.html has no #root element');
createRoot(root).render(<CrewApp />);
