/**
 * Entry point of the guest join page (served at /join). A separate, small bundle: no Fluent UI,
 * no Teams SDK; React, livekit-client and the page itself.
 */
import { createRoot } from 'react-dom/client';
import './join.css';
import { JoinApp } from './join-app';

const root = document.getElementById('root');
if (!root) throw new Error('join.html has no #root element');
createRoot(root).render(<JoinApp />);
